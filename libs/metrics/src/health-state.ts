// The health gauge as a state set, as kube-state-metrics does for pod phases: one series per
// state, 1 for the current one. Grafana shows it with `== 1`, and alerts can match a state
// by label, without knowing a numeric code.
import type { Color, HealthSnapshot } from '@cutover/contracts';
import type { CutoverMetrics } from './cutover-metrics';

export const HEALTH_STATES: readonly HealthSnapshot['state'][] = ['healthy', 'degraded', 'unhealthy', 'unknown'];

export function setHealthState(metrics: CutoverMetrics, service: string, color: Color, state: HealthSnapshot['state']): void {
  for (const s of HEALTH_STATES) metrics.healthState.set({ service, color, state: s }, s === state ? 1 : 0);
}

/** An environment no longer watched leaves no series behind. */
export function clearHealthState(metrics: CutoverMetrics, service: string, color: Color): void {
  for (const state of HEALTH_STATES) metrics.healthState.remove({ service, color, state });
}
