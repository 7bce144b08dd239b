import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { readSettings } from './settings';
import { createDemoServer } from './server';

describe('demo server', () => {
  let server: Server;
  let now: number;

  const start = async (env: Record<string, string>) => {
    now = 1_000_000;
    server = createDemoServer(readSettings({ VERSION: '2.0.0', COLOR: 'green', ...env }), { now: () => new Date(now) }, new Date(now));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers / with its version and color and /healthz with ok', async () => {
    const base = await start({});
    const root = await fetch(`${base}/`);
    expect(root.status).toBe(200);
    expect(await root.json()).toEqual({ version: '2.0.0', color: 'green' });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('keeps connections alive', async () => {
    const base = await start({});
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('connection')).toBe('keep-alive');
    expect(res.headers.get('keep-alive')).toMatch(/timeout=65/);
  });

  it('injects faults on / only, so the app stays ready', async () => {
    const base = await start({ FAULT_RATE: '0.5' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/`)).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('turns bad once FAULT_AFTER_MS has passed', async () => {
    const base = await start({ FAULT_AFTER_MS: '3000' });
    expect((await fetch(`${base}/`)).status).toBe(200);
    now += 3000;
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: 'injected fault', version: '2.0.0' });
  });

  it('delays every response by LATENCY_MS', async () => {
    const base = await start({ LATENCY_MS: '150' });
    const t0 = performance.now();
    await fetch(`${base}/healthz`);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('answers unknown paths with 404', async () => {
    const base = await start({});
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('exports requests of / by status code and their latency at /metrics, labelled with version and color', async () => {
    const base = await start({ FAULT_RATE: '0.5' });
    for (let i = 0; i < 4; i++) await (await fetch(`${base}/`)).text();
    await (await fetch(`${base}/healthz`)).text();
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('demo_http_requests_total{path="/",code="200",version="2.0.0",color="green"} 2');
    expect(text).toContain('demo_http_requests_total{path="/",code="500",version="2.0.0",color="green"} 2');
    expect(text).toContain('demo_http_request_duration_seconds_count{version="2.0.0",color="green",path="/"} 4');
    expect(text).not.toContain('path="/healthz"');
  });
});
