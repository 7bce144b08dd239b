// After the end: release whichever color the deployment no longer needs. Only the newest
// deployment of a service may be reconciled, since a newer one owns the idle color.
import type { DeploymentRecord } from '@cutover/contracts';
import { scaleDownUnlessLive } from './actions';
import { changed, releaseReason, unchanged, type Decision } from './decision';
import { isUp, type Observations } from './observations';
import { Reasons } from './reasons';
import { elapsedMs } from './time';

/**
 * Succeeded: the previous color stays warm for rollback until the scale-down delay passed,
 * then goes. The record notes the request once; the request is repeated for as long as the
 * color is still seen running, since a runtime that was down when it was sent never got it.
 */
export function succeeded(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const previous = record.fromColor;
  if (!previous) return unchanged(record);
  const delayMs = record.policy.scaleDownDelayMs;
  if (elapsedMs(record.finishedAt ?? record.phaseStartedAt, now) < delayMs) return unchanged(record);
  const actions = scaleDownUnlessLive(previous, `previous color of deployment ${record.id}, kept warm ${delayMs} ms after it succeeded`, obs.routing);
  if (actions.length === 0) return unchanged(record);
  if (record.previousScaledDown) return isUp(obs.previousEnvironment ?? null) ? unchanged(record, actions) : unchanged(record);
  return changed({ ...record, previousScaledDown: true, updatedAt: now.toISOString() }, actions);
}

/** Failed or Aborted before the switch: the new color goes, for as long as it is seen running. */
export function endedBeforeSwitch(record: DeploymentRecord, obs: Observations): Decision {
  // After a failed rollback traffic may still be on the new color: nothing is touched until a human looked.
  if (record.reason === Reasons.RollbackFailed || !isUp(obs.environment)) return unchanged(record);
  return unchanged(record, scaleDownUnlessLive(record.toColor, releaseReason(record), obs.routing));
}

/** RolledBack: the failed color is kept for diagnostics during the scale-down delay, then goes. */
export function rolledBack(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  if (!isUp(obs.environment)) return unchanged(record);
  if (elapsedMs(record.rolledBackAt ?? record.phaseStartedAt, now) < record.policy.scaleDownDelayMs) return unchanged(record);
  return unchanged(record, scaleDownUnlessLive(record.toColor, releaseReason(record), obs.routing));
}
