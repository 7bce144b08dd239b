// A tiny backend for the router's tests: answers with its own name so a test can tell
// which color served a request, and counts its connections so a test can see them drain.
import { createServer, request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface TestUpstream {
  name: string;
  endpoint: { host: string; port: number };
  /** Requests that reached the handler. */
  requests: number;
  openConnections(): number;
  /** Resolves when no client connection is open, the moment the last one closes. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

/** Default answer: 200 with {upstream, method, body}; `?status=N` answers N instead. */
export const echo =
  (name: string): UpstreamHandler =>
  (req, res, body) => {
    const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ upstream: name, method: req.method, body }));
  };

export async function startTestUpstream(name: string, handler: UpstreamHandler = echo(name)): Promise<TestUpstream> {
  const sockets = new Set<Socket>();
  let onDrained: (() => void)[] = [];
  const up: TestUpstream = {
    name,
    endpoint: { host: '127.0.0.1', port: 0 },
    requests: 0,
    openConnections: () => sockets.size,
    drained: () => (sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => onDrained.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      up.requests++;
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      sockets.delete(s);
      if (sockets.size > 0) return;
      const waiting = onDrained;
      onDrained = [];
      waiting.forEach((resolve) => resolve());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  up.endpoint.port = (server.address() as AddressInfo).port;
  return up;
}

export interface Reply {
  status: number;
  color: string | undefined;
  body: string;
  /** The client connection was reused: a keep-alive connection from before. */
  reusedSocket: boolean;
}

export function send(
  port: number,
  opts: { method?: string; path?: string; body?: string; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', agent: opts.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          color: res.headers['x-cutover-color'] as string | undefined,
          body: Buffer.concat(chunks).toString('utf8'),
          reusedSocket: req.reusedSocket,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
