// Live traffic per color, counted by the proxy and handed out as deltas: every sample
// covers exactly the requests that finished since the previous one.
import type { Color, ColorTraffic } from '@cutover/contracts';

/** Upper bounds (ms) of the latency buckets; a last, unbounded bucket follows. */
export const LATENCY_BOUNDS_MS: readonly number[] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/** How one proxied request ended, as far as the color that served it is concerned. */
export type Outcome =
  | { kind: 'response'; status: number }
  /** The color could not be reached, or broke off its answer. */
  | { kind: 'upstream_failure'; error: Error }
  /** The client went away first; the color is not to blame. */
  | { kind: 'client_aborted' };

class ColorCounts {
  requests = 0;
  errors5xx = 0;
  upstreamFailures = 0;
  /** Per bucket, not cumulative; made cumulative when a sample is taken. */
  readonly buckets = new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);

  record(outcome: Outcome, latencyMs: number): void {
    this.requests++;
    if (outcome.kind === 'upstream_failure') this.upstreamFailures++;
    if (outcome.kind === 'response' && outcome.status >= 500) this.errors5xx++;
    const i = LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound);
    this.buckets[i === -1 ? LATENCY_BOUNDS_MS.length : i]!++;
  }

  /** The contract's histogram is cumulative: counts[i] = requests with latency <= boundsMs[i]. */
  toTraffic(): ColorTraffic {
    let running = 0;
    const counts = this.buckets.map((n) => (running += n));
    return {
      requests: this.requests,
      errors5xx: this.errors5xx,
      upstreamFailures: this.upstreamFailures,
      latency: { boundsMs: [...LATENCY_BOUNDS_MS], counts },
    };
  }
}

export class TrafficCounter {
  private counts = { blue: new ColorCounts(), green: new ColorCounts() };

  record(color: Color, outcome: Outcome, latencyMs: number): void {
    this.counts[color].record(outcome, latencyMs);
  }

  /** Counts since the previous take, and a fresh start for the next one. */
  take(): Record<Color, ColorTraffic> {
    const taken = this.counts;
    this.counts = { blue: new ColorCounts(), green: new ColorCounts() };
    return { blue: taken.blue.toTraffic(), green: taken.green.toTraffic() };
  }
}
