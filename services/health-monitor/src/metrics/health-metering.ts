// How the monitor's sink and prober get their metrics: the monitor passes what it builds
// through this, so metering stays out of the probing and aggregation code.
import { processMetrics, type CutoverMetrics } from '@cutover/metrics';
import type { HealthSink, Prober } from '../monitor/watch-set';
import { MeteredProber } from './metered-prober';
import { MeteredSink } from './metered-sink';

export const HEALTH_METERING = Symbol('HealthMetering');

export interface HealthMetering {
  sink(sink: HealthSink): HealthSink;
  prober(prober: Prober): Prober;
}

export function healthMetering(metrics: CutoverMetrics = processMetrics()): HealthMetering {
  return {
    sink: (sink) => new MeteredSink(sink, metrics),
    prober: (prober) => new MeteredProber(prober, metrics),
  };
}
