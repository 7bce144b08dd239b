// Warning levels: thresholds that notify without changing the state. Each breach is sent
// once; it is sent again only after its figure went back inside the threshold and out again.
import type { HealthSettings } from '../probes/settings';
import { errorRateBreached } from './decide';
import { describeErrorRate, describeLatency, describeProbeLatency, describeSuccessRate } from './describe';
import type { WindowFigures } from './probe-window';
import type { TrafficFigures } from './traffic-window';

export interface Warning {
  /** Which threshold, e.g. traffic.warnErrorRate. */
  threshold: string;
  text: string;
}

export class WarningLevels {
  private readonly active = new Set<string>();

  /** The warnings that start now. */
  evaluate(traffic: TrafficFigures | null, window: WindowFigures | null, settings: HealthSettings): Warning[] {
    const breaches = currentBreaches(traffic, window, settings);
    const started = breaches.filter((w) => !this.active.has(w.threshold));
    this.active.clear();
    for (const w of breaches) this.active.add(w.threshold);
    return started;
  }

  clear(): void {
    this.active.clear();
  }
}

function currentBreaches(traffic: TrafficFigures | null, window: WindowFigures | null, { traffic: t, health: h }: HealthSettings): Warning[] {
  const out: Warning[] = [];
  if (traffic && t.warnErrorRate !== null && errorRateBreached(traffic, t.warnErrorRate, t.minRequests)) {
    out.push({ threshold: 'traffic.warnErrorRate', text: describeErrorRate(traffic, t.warnErrorRate, t.windowMs) });
  }
  if (traffic && t.warnP99Ms !== null && traffic.requests >= t.minRequests && traffic.p99Ms !== null && traffic.p99Ms > t.warnP99Ms) {
    out.push({ threshold: 'traffic.warnP99Ms', text: describeLatency('p99', traffic.p99Ms, t.warnP99Ms, traffic, t.windowMs) });
  }
  if (window && window.samples >= h.minSamples) {
    if (h.warnSuccessRate !== null && window.successRate < h.warnSuccessRate) {
      out.push({ threshold: 'health.warnSuccessRate', text: describeSuccessRate(window, h.warnSuccessRate, h.windowMs) });
    }
    if (h.warnLatencyMs !== null && window.p95LatencyMs !== null && window.p95LatencyMs > h.warnLatencyMs) {
      out.push({ threshold: 'health.warnLatencyMs', text: describeProbeLatency(window, h.warnLatencyMs, h.windowMs) });
    }
  }
  return out;
}
