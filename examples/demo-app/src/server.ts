import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { FaultInjector } from './faults';
import { createDemoMetrics } from './metrics';
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

async function sendMetrics(res: ServerResponse, registry: Registry): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createDemoServer(settings: DemoSettings, clock: Clock, startedAt: Date): Server {
  const faults = new FaultInjector({
    rate: settings.faultRate,
    afterMs: settings.faultAfterMs,
    startedAtMs: startedAt.getTime(),
  });
  const identity = { version: settings.version, color: settings.color };
  const metrics = createDemoMetrics(identity);

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/metrics') return void sendMetrics(res, metrics.registry);
    if (path !== '/') return sendJson(res, 404, { error: 'not found' });
    if (faults.shouldFail(clock.now().getTime())) return sendJson(res, 500, { error: 'injected fault', ...identity });
    sendJson(res, 200, identity);
  };

  const server = createServer((req, res) => {
    const started = performance.now();
    // Only the app's own page is counted: probes and scrapes would drown its error rate.
    res.once('finish', () => {
      if ((req.url ?? '/').split('?')[0] === '/') metrics.observe('/', res.statusCode, (performance.now() - started) / 1000);
    });
    if (settings.latencyMs > 0) setTimeout(() => answer(req, res), settings.latencyMs);
    else answer(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  return server;
}
