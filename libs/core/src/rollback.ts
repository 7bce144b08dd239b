// Rollback verbs, used by the rollback service (automatic, on degradation) and for manual
// rollbacks: mark RollingBack, switch traffic back, then RolledBack or, if that failed, Failed.
import type { DeploymentRecord } from '@cutover/contracts';
import { describeColor } from './describe';
import { Reasons } from './reasons';
import { transition } from './transition';
import { accepted, refused, refuseIfFinished, VerbCodes, type VerbResult } from './verb-result';

/**
 * Monitoring, or Succeeded while the previous color is still warm → RollingBack. Pass
 * `firstFaultAt` for an automatic rollback (reason HealthDegraded); without it the rollback
 * counts as requested by a human (RollbackRequested).
 */
export function beginRollback(record: DeploymentRecord, reason: string, now: Date, firstFaultAt?: Date | string): VerbResult {
  const refusal = rollbackRefusal(record);
  if (refusal) return refusal;
  const target = describeColor(record.fromColor, record.fromVersion);
  const code = firstFaultAt === undefined ? Reasons.RollbackRequested : Reasons.HealthDegraded;
  const fault = firstFaultAt === undefined ? {} : { firstFaultAt: new Date(firstFaultAt).toISOString() };
  return accepted(transition(record, 'RollingBack', code, `rolling back to ${target}: ${reason}`, now, fault));
}

function rollbackRefusal(record: DeploymentRecord): VerbResult | null {
  const target = describeColor(record.fromColor, record.fromVersion);
  const warm = record.phase === 'Monitoring' || (record.phase === 'Succeeded' && !record.previousScaledDown);
  if (warm && !record.fromColor) {
    return refused(VerbCodes.NoRollbackTarget, `cannot roll back ${record.id}: it is the first release of ${record.service}, there is no previous color`);
  }
  if (warm) return null;
  if (record.phase === 'Succeeded') {
    return refused(
      VerbCodes.NoRollbackTarget,
      `cannot roll back ${record.id}: the previous color ${target} was already scaled down; release the previous version again instead`,
    );
  }
  if (record.phase === 'RollingBack') return refused(VerbCodes.AlreadyRollingBack, `${record.id} is already rolling back to ${target}`);
  const finished = refuseIfFinished(record, 'roll back');
  if (finished) return finished;
  if (record.phase === 'Switching') {
    return refused(VerbCodes.WrongPhase, `cannot roll back ${record.id} while its switch to ${record.toColor} is unconfirmed; retry once it is Monitoring`);
  }
  return refused(VerbCodes.WrongPhase, `cannot roll back ${record.id}: it is ${record.phase} and traffic never moved to ${record.toColor}; use abort to stop it`);
}

/** RollingBack → RolledBack: traffic is back on the previous color. */
export function completeRollback(record: DeploymentRecord, now: Date): VerbResult {
  if (record.phase !== 'RollingBack') return notRollingBack(record, 'complete a rollback of');
  const at = now.toISOString();
  const message = `traffic is back on ${describeColor(record.fromColor, record.fromVersion)}; ${record.toColor} (${record.version}) is kept ${record.policy.scaleDownDelayMs} ms for diagnostics`;
  return accepted(transition(record, 'RolledBack', Reasons.RolledBack, message, now, { rolledBackAt: at }));
}

/** RollingBack → Failed: traffic could not be put back, and nothing is scaled down. */
export function failRollback(record: DeploymentRecord, reason: string, now: Date): VerbResult {
  if (record.phase !== 'RollingBack') return notRollingBack(record, 'fail a rollback of');
  const message = `rollback to ${describeColor(record.fromColor, record.fromVersion)} failed: ${reason}; traffic may still be on ${record.toColor}, both colors are left running for a human to look`;
  return accepted(transition(record, 'Failed', Reasons.RollbackFailed, message, now));
}

function notRollingBack(record: DeploymentRecord, what: string): VerbResult {
  return refuseIfFinished(record, what) ?? refused(VerbCodes.WrongPhase, `cannot ${what} ${record.id}: it is ${record.phase}, not RollingBack`);
}
