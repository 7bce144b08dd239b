// Human-readable causes: a transition's reason is what an SRE reads first, so it names the
// probe, the answer and the figures rather than just the new state.
import type { EnvironmentState, ProbeResult } from '@cutover/contracts';
import type { WindowFigures } from './probe-window';
import type { TrafficFigures } from './traffic-window';

export const ERROR_RATE_ABOVE_THRESHOLD = 'ErrorRateAboveThreshold';
export const LATENCY_ABOVE_THRESHOLD = 'LatencyAboveThreshold';
export const SUCCESS_RATE_BELOW_THRESHOLD = 'SuccessRateBelowThreshold';
export const PROBE_LATENCY_ABOVE_THRESHOLD = 'ProbeLatencyAboveThreshold';
export const METRIC_CHECK_FAILED = 'MetricCheckFailed';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function describeProbe(p: ProbeResult): string {
  if (p.kind && p.kind !== 'http') return `${p.target} → ${p.error ?? 'ok'}`;
  const answer = p.status === undefined ? (p.error ?? 'no answer') : p.error ? `${p.status}: ${p.error}` : String(p.status);
  return `GET ${p.target} → ${answer}`;
}

export function describeErrorRate(f: TrafficFigures, maxErrorRate: number, windowMs: number): string {
  const failed = f.errors5xx + f.upstreamFailures;
  return (
    `${ERROR_RATE_ABOVE_THRESHOLD}: ${failed} of ${f.requests} live requests failed in the last ${windowMs} ms ` +
    `(${percent(f.errorRate)} > ${percent(maxErrorRate)}; ${f.errors5xx} 5xx, ${f.upstreamFailures} upstream failures)`
  );
}

export function describeLatency(which: 'p95' | 'p99', valueMs: number, limitMs: number, f: TrafficFigures, windowMs: number): string {
  return `${LATENCY_ABOVE_THRESHOLD}: ${which} of ${f.requests} live requests in the last ${windowMs} ms is ${valueMs.toFixed(1)} ms > ${limitMs} ms`;
}

export function describeSuccessRate(f: WindowFigures, minSuccessRate: number, windowMs: number): string {
  return `${SUCCESS_RATE_BELOW_THRESHOLD}: ${percent(f.successRate)} of ${f.samples} probe rounds passed in the last ${windowMs} ms (< ${percent(minSuccessRate)})`;
}

export function describeProbeLatency(f: WindowFigures, limitMs: number, windowMs: number): string {
  return `${PROBE_LATENCY_ABOVE_THRESHOLD}: p95 of ${f.samples} probe rounds in the last ${windowMs} ms is ${f.p95LatencyMs} ms > ${limitMs} ms`;
}

export function describeMetricCheck(p: ProbeResult, times: number): string {
  return `${METRIC_CHECK_FAILED}: ${p.target.replace(/^prometheus:/, '')} failed ${times} time(s) in a row: ${p.error ?? p.value}`;
}

export function describeRuntime(env: EnvironmentState): string {
  return env.message ? `${env.reason}: ${env.message}` : env.reason;
}

/** When the runtime saw the failure: the latest unexpected exit, else the state's own time. */
export function runtimeFailureAt(env: EnvironmentState): string {
  const exits = env.exits.filter((e) => !e.expected);
  return exits.at(-1)?.at ?? env.updatedAt;
}
