import { once } from 'node:events';
import { Agent, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSettings } from './settings';
import { createDemoServer } from './server';
import { closeGracefully } from './shutdown';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('closeGracefully', () => {
  let server: Server;
  let port: number;

  beforeEach(async () => {
    server = createDemoServer(readSettings({ LATENCY_MS: '300', VERSION: '1.0.0' }), { now: () => new Date() }, new Date());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterEach(() => server.closeAllConnections());

  it('lets a request in flight finish, then closes', async () => {
    const arrived = once(server, 'request');
    const inFlight = get(port, '/');
    await arrived;
    const closed = closeGracefully(server, 10_000);
    expect(await inFlight).toEqual({ status: 200, body: JSON.stringify({ version: '1.0.0', color: 'none' }) });
    await closed;
    expect(server.listening).toBe(false);
  });

  it('refuses new connections once closing', async () => {
    const arrived = once(server, 'request');
    const inFlight = get(port, '/');
    await arrived;
    const closed = closeGracefully(server, 10_000);
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    await inFlight;
    await closed;
  });

  it('is not held open by an idle keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => res.resume().on('end', resolve)).on('error', reject).end(),
    );
    const t0 = performance.now();
    await closeGracefully(server, 10_000);
    expect(performance.now() - t0).toBeLessThan(5000);
    agent.destroy();
  });
});
