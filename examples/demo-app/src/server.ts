import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FaultInjector } from './faults';
import type { DemoSettings } from './settings';

export interface Clock {
  now(): Date;
}

// Longer than any sensible proxy idle timeout, so the proxy closes idle keep-alive
// connections first and never writes into one we are closing.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createDemoServer(settings: DemoSettings, clock: Clock, startedAt: Date): Server {
  const faults = new FaultInjector({
    rate: settings.faultRate,
    afterMs: settings.faultAfterMs,
    startedAtMs: startedAt.getTime(),
  });
  const identity = { version: settings.version, color: settings.color };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path !== '/') return sendJson(res, 404, { error: 'not found' });
    if (faults.shouldFail(clock.now().getTime())) return sendJson(res, 500, { error: 'injected fault', ...identity });
    sendJson(res, 200, identity);
  };

  const server = createServer((req, res) => {
    if (settings.latencyMs > 0) setTimeout(() => answer(req, res), settings.latencyMs);
    else answer(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return server;
}
