// Relays one client request to one upstream endpoint and its answer back.
import { request, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { UpstreamAbortedError, UpstreamTimeoutError } from '../errors';
import type { Lease } from './color-pool';
import { COLOR_HEADER, endToEndHeaders, hasNoBody, upstreamRequestHeaders } from './headers';
import { sendJsonError } from './json-error';
import type { Outcome } from './traffic-counter';

const IDEMPOTENT_WITHOUT_BODY = new Set(['GET', 'HEAD']);

export interface ForwardOptions {
  /** How long the upstream may stay silent before the request fails with 504. */
  timeoutMs: number;
}

/** Resolves once the client's response is closed, with how the exchange ended. */
export function forward(req: IncomingMessage, res: ServerResponse, lease: Lease, opts: ForwardOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const { host, port } = lease.endpoint;
    const replayable = IDEMPOTENT_WITHOUT_BODY.has(req.method ?? '') && hasNoBody(req.headers);
    let failure: Error | null = null;
    let upstream: ClientRequest | null = null;

    res.once('close', () => {
      if (!res.writableFinished) upstream?.destroy();
      if (failure) resolve({ kind: 'upstream_failure', error: failure });
      else if (res.writableFinished) resolve({ kind: 'response', status: res.statusCode });
      else resolve({ kind: 'client_aborted' });
    });

    const send = (isRetry: boolean): void => {
      const attempt = request({
        host,
        port,
        method: req.method,
        path: req.url,
        headers: upstreamRequestHeaders(req.headers, req.socket.remoteAddress),
        agent: lease.upstream.agent,
      });
      upstream = attempt;
      attempt.setTimeout(opts.timeoutMs, () => attempt.destroy(new UpstreamTimeoutError(host, port, opts.timeoutMs)));

      attempt.on('response', (answer) => {
        const headers = endToEndHeaders(answer.headers);
        delete headers[COLOR_HEADER];
        const status = answer.statusCode ?? 502;
        if (answer.statusMessage) res.writeHead(status, answer.statusMessage, headers);
        else res.writeHead(status, headers);
        answer.on('close', () => {
          if (answer.complete || res.destroyed) return;
          failure = new UpstreamAbortedError(host, port);
          res.destroy();
        });
        answer.pipe(res);
      });

      attempt.on('error', (err: NodeJS.ErrnoException) => {
        if (res.destroyed) return;
        if (res.headersSent) {
          failure = err;
          res.destroy();
          return;
        }
        // The keep-alive race: the upstream may close an idle connection at the very moment
        // we reuse it, and the request dies before the upstream read a byte of it. A GET or
        // HEAD without a body is safe to send once more, on a new or other free socket of the
        // same color. Anything else may have had effects upstream, so it is never replayed,
        // and never to the other color: the switch decided where this request belongs.
        if (replayable && !isRetry && attempt.reusedSocket && err.code === 'ECONNRESET') {
          send(true);
          return;
        }
        failure = err;
        const timedOut = err instanceof UpstreamTimeoutError;
        sendJsonError(
          res,
          timedOut ? 504 : 502,
          timedOut ? 'upstream_timeout' : 'upstream_unreachable',
          `upstream ${host}:${port}: ${err.message}`,
        );
      });

      if (replayable) attempt.end();
      else req.pipe(attempt);
    };

    if (replayable) req.resume();
    send(false);
  });
}
