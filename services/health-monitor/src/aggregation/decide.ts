// The health state machine. Probes move the state only after enough rounds in a row
// (hysteresis: one blip neither degrades a healthy color nor heals a degraded one); the
// runtime and live traffic act at once, because a dead process or users seeing errors are
// already facts, not noise.
import type { EnvironmentState, HealthState, Policy } from '@cutover/contracts';
import { describeErrorRate, describeProbe, describeRuntime, runtimeFailureAt } from './describe';
import type { ProbeStreak } from './probe-streak';
import type { TrafficFigures } from './traffic-window';

export interface Verdict {
  state: HealthState;
  reason: string;
  firstFailureAt?: string;
}

export interface Observations {
  env: EnvironmentState;
  streak: ProbeStreak;
  traffic: TrafficFigures | null;
  policy: Policy;
}

export function errorRateBreached(f: TrafficFigures | null, policy: Policy): f is TrafficFigures {
  return !!f && f.requests >= policy.traffic.minRequests && f.errorRate > policy.traffic.maxErrorRate;
}

/** The state the observations call for, or null when they do not decide and the state stays. */
export function decide({ env, streak, traffic, policy }: Observations): Verdict | null {
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
  const { failureThreshold, successThreshold } = policy.probe;
  const firstFailureAt = streak.firstFailureAt ?? undefined;
  if (streak.allFailedRounds >= 2 * failureThreshold && streak.lastFailure) {
    return {
      state: 'unhealthy',
      reason: `${streak.allFailedRounds} consecutive probe rounds failed on every endpoint: ${describeProbe(streak.lastFailure)}`,
      firstFailureAt,
    };
  }
  if (errorRateBreached(traffic, policy)) {
    return {
      state: 'degraded',
      reason: describeErrorRate(traffic, policy.traffic.maxErrorRate, policy.traffic.windowMs),
      firstFailureAt: traffic.firstErrorAt?.toISOString(),
    };
  }
  if (streak.consecutiveFailures >= failureThreshold && streak.lastFailure) {
    return {
      state: 'degraded',
      reason: `${streak.consecutiveFailures} consecutive probe failures: ${describeProbe(streak.lastFailure)}`,
      firstFailureAt,
    };
  }
  if (streak.consecutiveSuccesses >= successThreshold) {
    return { state: 'healthy', reason: `${streak.consecutiveSuccesses} consecutive probe successes` };
  }
  return null;
}
