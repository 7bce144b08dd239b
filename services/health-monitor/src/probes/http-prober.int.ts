// The prober against real sockets: what a probe reports for each way an app can answer.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpProbe } from '@cutover/contracts';
import { ManualClock } from '@cutover/core';
import { freePort } from '@cutover/testkit';
import { HttpProber } from './http-prober';

const spec: HttpProbe = { path: '/health', intervalMs: 100, timeoutMs: 300, expectedStatus: 200, failureThreshold: 3, successThreshold: 2 };

describe('HttpProber', () => {
  const clock = new ManualClock('2025-03-01T12:00:00.000Z');
  const prober = new HttpProber(clock);
  const sockets = new Set<Socket>();
  let status = 200;
  let hang = false;
  let dropNext = false;
  let slowMs = 0;
  const methods: string[] = [];
  let port: number;
  const server = http.createServer((req, res) => {
    if (hang) return;
    if (dropNext) {
      // The keep-alive race: the app closes a connection just as a request arrives on it.
      dropNext = false;
      req.socket.destroy();
      return;
    }
    methods.push(req.method!);
    setTimeout(() => res.writeHead(req.url === '/health' ? status : 404).end('{"status":"ok","db":"up"}'), slowMs);
  });
  server.on('connection', (s) => sockets.add(s));

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    prober.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes on the expected status, reusing one kept-alive connection', async () => {
    const first = await prober.probe({ host: '127.0.0.1', port }, spec);
    const second = await prober.probe({ host: '127.0.0.1', port }, spec);
    expect(first).toMatchObject({ at: '2025-03-01T12:00:00.000Z', target: `http://127.0.0.1:${port}/health`, ok: true, status: 200 });
    expect(second.latencyMs).toBeGreaterThanOrEqual(0);
    expect(sockets.size).toBe(1);
  });

  it('fails on any other status and keeps it', async () => {
    status = 503;
    expect(await prober.probe({ host: '127.0.0.1', port }, spec)).toMatchObject({ ok: false, status: 503 });
    expect(await prober.probe({ host: '127.0.0.1', port }, { ...spec, expectedStatus: 503 })).toMatchObject({ ok: true });
    status = 200;
  });

  it('fails with the timeout when the app does not answer in time', async () => {
    hang = true;
    const result = await prober.probe({ host: '127.0.0.1', port }, spec);
    hang = false;
    expect(result).toMatchObject({ ok: false, error: 'timeout after 300 ms' });
    expect(result.status).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
  });

  it('fails with the socket error when nothing listens', async () => {
    const closed = await freePort();
    expect(await prober.probe({ host: '127.0.0.1', port: closed }, spec)).toMatchObject({ ok: false, error: 'ECONNREFUSED' });
  });

  it('retries once on a fresh connection when a reused one is reset, not on a new one', async () => {
    await prober.probe({ host: '127.0.0.1', port }, spec);
    const before = sockets.size;
    dropNext = true;
    expect(await prober.probe({ host: '127.0.0.1', port }, spec)).toMatchObject({ ok: true, status: 200 });
    expect(sockets.size).toBe(before + 1);

    const fresh = new HttpProber(clock);
    dropNext = true;
    expect(await fresh.probe({ host: '127.0.0.1', port }, spec)).toMatchObject({ ok: false, error: 'ECONNRESET' });
    fresh.close();
  });

  it('fails a body that does not contain the expected text or match the regex', async () => {
    const at = { host: '127.0.0.1', port };
    expect(await prober.probe(at, { ...spec, body: { contains: '"db":"up"' } })).toMatchObject({ ok: true, status: 200 });
    expect(await prober.probe(at, { ...spec, body: { regex: '"status":\\s*"ok"' } })).toMatchObject({ ok: true });
    expect(await prober.probe(at, { ...spec, body: { contains: 'maintenance' } })).toMatchObject({ ok: false, status: 200, error: 'body does not match "maintenance"' });
    expect(await prober.probe(at, { ...spec, body: { regex: '^degraded' } })).toMatchObject({ ok: false, error: 'body does not match /^degraded/' });
  });

  it('fails an answer slower than the latency limit, though its status is right', async () => {
    slowMs = 60;
    const result = await prober.probe({ host: '127.0.0.1', port }, { ...spec, maxLatencyMs: 30 });
    slowMs = 0;
    expect(result).toMatchObject({ ok: false, status: 200, error: expect.stringMatching(/^answered in \d+(\.\d+)? ms, limit 30 ms$/) });
    expect(await prober.probe({ host: '127.0.0.1', port }, { ...spec, maxLatencyMs: 1_000 })).toMatchObject({ ok: true });
  });

  it('sends the configured method', async () => {
    methods.length = 0;
    expect(await prober.probe({ host: '127.0.0.1', port }, { ...spec, method: 'HEAD' })).toMatchObject({ ok: true, kind: 'http' });
    expect(methods).toEqual(['HEAD']);
  });
});
