// Human-readable causes: a transition's reason is what an SRE reads first, so it names the
// probe, the answer and the figures rather than just the new state.
import type { EnvironmentState, ProbeResult } from '@cutover/contracts';
import type { TrafficFigures } from './traffic-window';

export const ERROR_RATE_ABOVE_THRESHOLD = 'ErrorRateAboveThreshold';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function describeProbe(p: ProbeResult): string {
  return `GET ${p.target} → ${p.status ?? p.error ?? 'no answer'}`;
}

export function describeErrorRate(f: TrafficFigures, maxErrorRate: number, windowMs: number): string {
  const failed = f.errors5xx + f.upstreamFailures;
  return (
    `${ERROR_RATE_ABOVE_THRESHOLD}: ${failed} of ${f.requests} live requests failed in the last ${windowMs} ms ` +
    `(${percent(f.errorRate)} > ${percent(maxErrorRate)}; ${f.errors5xx} 5xx, ${f.upstreamFailures} upstream failures)`
  );
}

export function describeRuntime(env: EnvironmentState): string {
  return env.message ? `${env.reason}: ${env.message}` : env.reason;
}

/** When the runtime saw the failure: the latest unexpected exit, else the state's own time. */
export function runtimeFailureAt(env: EnvironmentState): string {
  const exits = env.exits.filter((e) => !e.expected);
  return exits.at(-1)?.at ?? env.updatedAt;
}
