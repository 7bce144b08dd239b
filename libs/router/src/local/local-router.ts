// The router for one machine: a reverse proxy per service on the service's public address.
import type { Color, Endpoint, TrafficSample } from '@cutover/contracts';
import { createLogger, type Logger } from '@cutover/observability';
import { DuplicateServiceError, UnknownServiceError } from '../errors';
import type { RecordedLive, Router } from '../router';
import { ServiceProxy } from './service-proxy';

export interface LocalRouterOptions {
  clock?: { now(): Date };
  logger?: Logger;
  /** How long an upstream may stay silent before the request fails with 504. */
  upstreamTimeoutMs?: number;
  /** close() lets requests in flight finish for this long before cutting them. */
  closeGraceMs?: number;
}

export class LocalRouter implements Router {
  readonly kind = 'local';
  private readonly proxies = new Map<string, ServiceProxy>();
  private readonly sampledAt = new Map<string, number>();
  private readonly clock: { now(): Date };
  private readonly logger: Logger;

  constructor(private readonly opts: LocalRouterOptions = {}) {
    this.clock = opts.clock ?? { now: () => new Date() };
    this.logger = opts.logger ?? createLogger('router');
  }

  /** Registers a service's public listener; start() opens it. */
  addService(service: string, listen: Endpoint): void {
    if (this.proxies.has(service)) throw new DuplicateServiceError(service);
    this.proxies.set(
      service,
      new ServiceProxy(service, listen, {
        upstreamTimeoutMs: this.opts.upstreamTimeoutMs ?? 60_000,
        closeGraceMs: this.opts.closeGraceMs ?? 5_000,
        logger: this.logger.child({ service }),
      }),
    );
    this.sampledAt.set(service, this.clock.now().getTime());
  }

  /** Listens for every registered service that is not listening yet. */
  async start(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.start()));
  }

  /** The address a service's proxy listens on, with the real port when 0 was asked for. */
  address(service: string): Endpoint {
    return this.proxy(service).address();
  }

  setBackends(service: string, color: Color, endpoints: Endpoint[]): void {
    if (this.proxy(service).setBackends(color, endpoints)) this.logger.info('backends set', { service, color, endpoints });
  }

  /** The endpoints a color is served from now. */
  backends(service: string, color: Color): Endpoint[] {
    return this.proxy(service).backends(color);
  }

  async switchTo(service: string, color: Color): Promise<void> {
    const proxy = this.proxy(service);
    const from = proxy.liveColor;
    proxy.switchTo(color);
    if (from !== color) this.logger.info('switched', { service, from, to: color });
  }

  async liveColor(service: string): Promise<Color | null> {
    return this.proxy(service).liveColor;
  }

  /** The proxy's routing lives in memory only; after a restart the switcher's record is all there is. */
  async recordedLive(service: string): Promise<RecordedLive | null> {
    this.proxy(service);
    return null;
  }

  takeTrafficSample(service: string): TrafficSample {
    const proxy = this.proxy(service);
    const now = this.clock.now().getTime();
    const intervalMs = Math.max(0, now - (this.sampledAt.get(service) ?? now));
    this.sampledAt.set(service, now);
    return { service, liveColor: proxy.liveColor, intervalMs, ...proxy.traffic.take() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
  }

  private proxy(service: string): ServiceProxy {
    const proxy = this.proxies.get(service);
    if (!proxy) throw new UnknownServiceError(service);
    return proxy;
  }
}
