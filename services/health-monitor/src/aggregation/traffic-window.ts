// The live traffic one color received in the last windowMs, from the router's delta samples.
import type { ColorTraffic } from '@cutover/contracts';
import { percentileMs, sumHistograms } from './histogram';

export interface TrafficFigures {
  requests: number;
  errors5xx: number;
  upstreamFailures: number;
  /** (5xx + upstream failures) / requests. */
  errorRate: number;
  p95Ms: number | null;
  p99Ms: number | null;
  /** When the oldest sample with an error in the window arrived. */
  firstErrorAt: Date | null;
}

interface Sample {
  at: Date;
  traffic: ColorTraffic;
}

export class TrafficWindow {
  private samples: Sample[] = [];

  constructor(private readonly windowMs: number) {}

  add(at: Date, traffic: ColorTraffic): void {
    if (traffic.requests > 0) this.samples.push({ at, traffic });
  }

  clear(): void {
    this.samples = [];
  }

  /** Figures over the window ending at now; null when the color received nothing in it. */
  figures(now: Date): TrafficFigures | null {
    const since = now.getTime() - this.windowMs;
    this.samples = this.samples.filter((s) => s.at.getTime() > since);
    if (this.samples.length === 0) return null;
    let requests = 0;
    let errors5xx = 0;
    let upstreamFailures = 0;
    let firstErrorAt: Date | null = null;
    for (const { at, traffic } of this.samples) {
      requests += traffic.requests;
      errors5xx += traffic.errors5xx;
      upstreamFailures += traffic.upstreamFailures;
      if (!firstErrorAt && traffic.errors5xx + traffic.upstreamFailures > 0) firstErrorAt = at;
    }
    const latency = sumHistograms(this.samples.map((s) => s.traffic.latency));
    return {
      requests,
      errors5xx,
      upstreamFailures,
      errorRate: Math.min(1, (errors5xx + upstreamFailures) / requests),
      p95Ms: latency && percentileMs(latency, 0.95),
      p99Ms: latency && percentileMs(latency, 0.99),
      firstErrorAt,
    };
  }
}
