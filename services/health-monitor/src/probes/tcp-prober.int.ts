// TCP probes against real sockets: an accepted connect passes, a port nobody listens on fails.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '@cutover/core';
import { freePort } from '@cutover/testkit';
import { EndpointProber } from './endpoint-prober';

const spec = { kind: 'tcp', path: '/', intervalMs: 100, timeoutMs: 300, expectedStatus: 200, failureThreshold: 3, successThreshold: 2 } as const;

describe('TCP probes', () => {
  const prober = new EndpointProber(new ManualClock('2025-03-01T12:00:00.000Z'));
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    prober.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes when the port accepts a connection, without speaking HTTP', async () => {
    const result = await prober.probe({ host: '127.0.0.1', port }, spec);
    expect(result).toMatchObject({ at: '2025-03-01T12:00:00.000Z', target: `tcp://127.0.0.1:${port}`, kind: 'tcp', ok: true });
    expect(result.status).toBeUndefined();
  });

  it('fails with ECONNREFUSED on a port nobody listens on', async () => {
    const closed = await freePort();
    expect(await prober.probe({ host: '127.0.0.1', port: closed }, spec)).toMatchObject({ kind: 'tcp', ok: false, error: 'ECONNREFUSED' });
  });
});
