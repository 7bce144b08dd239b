// The endpoints of one color, handed out round-robin, each with the upstream agent that
// was current when the request arrived.
import type { Endpoint } from '@cutover/contracts';
import { UpstreamAgent } from './upstream-agent';

export interface Lease {
  endpoint: Endpoint;
  upstream: UpstreamAgent;
  /** Call exactly once, when the request's exchange with the upstream is over. */
  release(): void;
}

const sameEndpoints = (a: readonly Endpoint[], b: readonly Endpoint[]) =>
  a.length === b.length && a.every((e, i) => e.host === b[i]!.host && e.port === b[i]!.port);

export class ColorPool {
  private endpoints: Endpoint[] = [];
  private next = 0;
  private current: UpstreamAgent | null = null;
  /** Retired generations still finishing requests; kept so close() can end them. */
  private readonly retiring = new Set<UpstreamAgent>();

  get endpointList(): Endpoint[] {
    return this.endpoints.map((e) => ({ ...e }));
  }

  /** Returns false when nothing changed. */
  setEndpoints(endpoints: readonly Endpoint[]): boolean {
    if (sameEndpoints(this.endpoints, endpoints)) return false;
    this.endpoints = endpoints.map((e) => ({ host: e.host, port: e.port }));
    this.next = 0;
    this.retire();
    return true;
  }

  /** The next endpoint in turn, or null when the color has none. */
  lease(): Lease | null {
    if (this.endpoints.length === 0) return null;
    const endpoint = this.endpoints[this.next % this.endpoints.length]!;
    this.next = (this.next + 1) % this.endpoints.length;
    const upstream = (this.current ??= new UpstreamAgent());
    upstream.acquire();
    let released = false;
    return {
      endpoint,
      upstream,
      release: () => {
        if (released) return;
        released = true;
        upstream.release();
        if (upstream.destroyed) this.retiring.delete(upstream);
      },
    };
  }

  /** New requests get fresh connections; the current ones drain (see UpstreamAgent). */
  retire(): void {
    const old = this.current;
    if (!old) return;
    this.current = null;
    old.retire();
    if (!old.destroyed) this.retiring.add(old);
  }

  destroy(): void {
    this.current?.destroy();
    this.current = null;
    for (const upstream of this.retiring) upstream.destroy();
    this.retiring.clear();
  }
}
