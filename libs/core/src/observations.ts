import type { DeploymentRecord, EnvironmentState, HealthSnapshot, RoutingState, SwitchResult } from '@cutover/contracts';
import { specHash } from './spec-hash';

/** What the other services last reported, as read by the caller just before reconcile. */
export interface Observations {
  /** State of the deployment's new color (toColor). */
  environment: EnvironmentState | null;
  /** Latest health snapshot of the new color. */
  health: HealthSnapshot | null;
  routing: RoutingState | null;
  /** Latest switch result for this deployment. */
  switchResult: SwitchResult | null;
  /** State of the color the deployment replaced (fromColor), when it had one; absent when not read. */
  previousEnvironment?: EnvironmentState | null;
}

/**
 * Observations narrowed to what concerns this deployment: another service's or color's
 * state, a snapshot of another version, or another deployment's switch result would
 * otherwise be evidence about the wrong thing.
 */
export function relevantTo(record: DeploymentRecord, obs: Observations): Observations {
  const ours = (o: { service: string; color: string } | null) => o !== null && o.service === record.service && o.color === record.toColor;
  const { environment, health, routing, switchResult, previousEnvironment } = obs;
  const previous = previousEnvironment && previousEnvironment.service === record.service && previousEnvironment.color === record.fromColor;
  return {
    environment: ours(environment) ? environment : null,
    previousEnvironment: previous ? previousEnvironment : null,
    health: ours(health) && health!.version === record.version ? health : null,
    routing: routing?.service === record.service ? routing : null,
    switchResult: switchResult?.deploymentId === record.id && switchResult.toColor === record.toColor ? switchResult : null,
  };
}

/** Whether the environment runs exactly this release (version, image and env). */
export function runsRelease(env: EnvironmentState, record: DeploymentRecord): boolean {
  if (env.version !== record.version) return false;
  // Older states (stopped ones) may carry no hash; the version is all there is to compare.
  return env.specHash === null || env.specHash === specHash(record);
}

export const isUp = (env: EnvironmentState | null): env is EnvironmentState =>
  env !== null && env.status !== 'stopped' && env.status !== 'stopping';
