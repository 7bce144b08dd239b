// One Server-Sent Events connection: a comment every heartbeat so proxies and the browser
// keep it open, and one close path whichever side ends it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HEARTBEAT_MS = 15_000;
/** How soon a browser reconnects after the stream ends (ms), sent to it as `retry`. */
const RETRY_MS = 2000;

export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly onClose: (() => void)[] = [];

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => this.res.write(': heartbeat\n\n'), heartbeatMs);
    req.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(data: unknown): void {
    if (this.closed) return;
    // JSON has no raw newlines, so one data line per event is always well-formed.
    this.res.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  whenClosed(fn: () => void): void {
    if (this.closed) fn();
    else this.onClose.push(fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (!this.res.writableEnded) this.res.end();
    this.onClose.splice(0).forEach((fn) => fn());
  }
}
