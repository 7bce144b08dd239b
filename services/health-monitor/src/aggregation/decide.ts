// The health state machine. Probes move the state only after enough rounds in a row or a
// full enough window (hysteresis: one blip neither degrades a healthy color nor heals a
// degraded one); the runtime and live traffic act at once, because a dead process or users
// seeing errors are already facts, not noise.
import type { EnvironmentState, HealthState } from '@cutover/contracts';
import type { HealthSettings } from '../probes/settings';
import {
  describeErrorRate,
  describeLatency,
  describeMetricCheck,
  describeProbe,
  describeProbeLatency,
  describeRuntime,
  describeSuccessRate,
  runtimeFailureAt,
} from './describe';
import type { MetricChecks } from './metric-checks';
import type { ProbeStreak } from './probe-streak';
import type { WindowFigures } from './probe-window';
import type { TrafficFigures } from './traffic-window';

export interface Verdict {
  state: HealthState;
  reason: string;
  firstFailureAt?: string;
}

export interface Observations {
  env: EnvironmentState;
  streak: ProbeStreak;
  window: WindowFigures | null;
  checks: MetricChecks;
  traffic: TrafficFigures | null;
  settings: HealthSettings;
}

export function errorRateBreached(f: TrafficFigures, limit: number, minRequests: number): boolean {
  return f.requests >= minRequests && f.errorRate > limit;
}

/** The live-traffic rule that degrades, if one does. */
function trafficVerdict(f: TrafficFigures | null, { traffic }: HealthSettings): Verdict | null {
  if (!f || f.requests < traffic.minRequests) return null;
  const firstFailureAt = f.firstErrorAt?.toISOString();
  if (errorRateBreached(f, traffic.maxErrorRate, traffic.minRequests)) {
    return { state: 'degraded', reason: describeErrorRate(f, traffic.maxErrorRate, traffic.windowMs), firstFailureAt };
  }
  for (const [which, value, limit] of [['p95', f.p95Ms, traffic.maxP95Ms], ['p99', f.p99Ms, traffic.maxP99Ms]] as const) {
    if (value !== null && limit !== null && value > limit) {
      return { state: 'degraded', reason: describeLatency(which, value, limit, f, traffic.windowMs) };
    }
  }
  return null;
}

/** The windowed probe rule that degrades, if one does; below minSamples the window says nothing. */
function windowVerdict(f: WindowFigures | null, { health }: HealthSettings, firstFailureAt?: string): Verdict | null {
  if (!f || f.samples < health.minSamples) return null;
  if (f.successRate < health.minSuccessRate) {
    return { state: 'degraded', reason: describeSuccessRate(f, health.minSuccessRate, health.windowMs), firstFailureAt };
  }
  if (health.maxLatencyMs !== null && f.p95LatencyMs !== null && f.p95LatencyMs > health.maxLatencyMs) {
    return { state: 'degraded', reason: describeProbeLatency(f, health.maxLatencyMs, health.windowMs) };
  }
  return null;
}

/** The state the observations call for, or null when they do not decide and the state stays. */
export function decide({ env, streak, window, checks, traffic, settings }: Observations): Verdict | null {
  switch (env.status) {
    case 'starting':
    case 'stopping':
    case 'stopped':
      return { state: 'unknown', reason: `environment is ${env.status}: ${describeRuntime(env)}` };
    case 'failed':
      return { state: 'unhealthy', reason: describeRuntime(env), firstFailureAt: runtimeFailureAt(env) };
    case 'ready':
      break;
  }
  const { failureThreshold, successThreshold } = settings.probe;
  const firstFailureAt = streak.firstFailureAt ?? undefined;
  if (streak.allFailedRounds >= 2 * failureThreshold && streak.lastFailure) {
    return {
      state: 'unhealthy',
      reason: `${streak.allFailedRounds} consecutive probe rounds failed on every endpoint: ${describeProbe(streak.lastFailure)}`,
      firstFailureAt,
    };
  }
  const live = trafficVerdict(traffic, settings);
  if (live) return live;
  if (streak.consecutiveFailures >= failureThreshold && streak.lastFailure) {
    return {
      state: 'degraded',
      reason: `${streak.consecutiveFailures} consecutive probe failures: ${describeProbe(streak.lastFailure)}`,
      firstFailureAt,
    };
  }
  const windowed = windowVerdict(window, settings, firstFailureAt);
  if (windowed) return windowed;
  const failedCheck = checks.failing(failureThreshold);
  if (failedCheck) {
    return { state: 'degraded', reason: describeMetricCheck(failedCheck.result, failedCheck.times), firstFailureAt: failedCheck.result.at };
  }
  // Healthy must be shown, not assumed: a metric check without data keeps the state as it is.
  if (streak.consecutiveSuccesses >= successThreshold && checks.unproven().length === 0) {
    return { state: 'healthy', reason: `${streak.consecutiveSuccesses} consecutive probe successes` };
  }
  return null;
}
