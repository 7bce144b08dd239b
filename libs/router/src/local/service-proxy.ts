// The public listener of one service. Which color serves a request is decided once, when
// the request arrives, from the one variable that holds the live color: a switch is
// atomic for new requests, requests already in flight finish where they started, and a
// keep-alive client connection is never tied to a color.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COLORS, type Color, type Endpoint } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import { NoEndpointsError, RouterListenError } from '../errors';
import { ColorPool } from './color-pool';
import { forward } from './forward';
import { COLOR_HEADER } from './headers';
import { sendJsonError } from './json-error';
import { TrafficCounter } from './traffic-counter';

export interface ServiceProxyOptions {
  upstreamTimeoutMs: number;
  /** close() waits this long for requests in flight before cutting them. */
  closeGraceMs: number;
  logger: Logger;
}

export class ServiceProxy {
  private live: Color | null = null;
  private readonly pools: Record<Color, ColorPool> = { blue: new ColorPool(), green: new ColorPool() };
  private readonly server: Server;
  readonly traffic = new TrafficCounter();

  constructor(
    readonly name: string,
    private readonly listen: Endpoint,
    private readonly opts: ServiceProxyOptions,
  ) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  get liveColor(): Color | null {
    return this.live;
  }

  /** Where it actually listens (port 0 in the config means any free port). */
  address(): Endpoint {
    const a = this.server.address() as AddressInfo | null;
    return a ? { host: this.listen.host, port: a.port } : this.listen;
  }

  start(): Promise<void> {
    if (this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (cause: Error) =>
        reject(new RouterListenError(this.name, this.listen.host, this.listen.port, { cause }));
      this.server.once('error', onError);
      this.server.listen(this.listen.port, this.listen.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  /** Returns false when nothing changed. */
  setBackends(color: Color, endpoints: readonly Endpoint[]): boolean {
    return this.pools[color].setEndpoints(endpoints);
  }

  backends(color: Color): Endpoint[] {
    return this.pools[color].endpointList;
  }

  switchTo(color: Color): void {
    const previous = this.live;
    this.live = color;
    if (previous && previous !== color) this.pools[previous].retire();
  }

  async close(): Promise<void> {
    if (this.server.listening) {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeIdleConnections();
      const grace = setTimeout(() => this.server.closeAllConnections(), this.opts.closeGraceMs);
      await closed;
      clearTimeout(grace);
    }
    for (const c of COLORS) this.pools[c].destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const color = this.live;
    if (!color) {
      req.resume();
      sendJsonError(res, 503, 'no_live_color', `service ${this.name} has no live color yet`);
      return;
    }
    res.setHeader(COLOR_HEADER, color);
    const lease = this.pools[color].lease();
    if (!lease) {
      const error = new NoEndpointsError(this.name, color);
      req.resume();
      sendJsonError(res, 503, error.code, error.message);
      this.traffic.record(color, { kind: 'upstream_failure', error }, performance.now() - started);
      return;
    }
    void forward(req, res, lease, { timeoutMs: this.opts.upstreamTimeoutMs }).then((outcome) => {
      lease.release();
      this.traffic.record(color, outcome, performance.now() - started);
      if (outcome.kind === 'upstream_failure') {
        this.opts.logger.warn('upstream failed', { service: this.name, color, endpoint: lease.endpoint, err: outcome.error });
      }
    });
  }
}
