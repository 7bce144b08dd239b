// The probe target of bench/health.ts, in its own process so it does not share the
// monitor's core: PORTS keep-alive HTTP listeners answering GET /healthz with 200 ok.
// Prints the ports as one JSON line once all listen.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

async function main(): Promise<void> {
  const count = Number(process.env.PORTS ?? 50);
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((req, res) => {
      const ok = req.url === '/healthz';
      res.writeHead(ok ? 200 : 404, { 'content-length': ok ? 2 : 0 }).end(ok ? 'ok' : undefined);
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  process.stdout.write(`${JSON.stringify(ports)}\n`);
}

void main();
