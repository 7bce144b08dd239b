// The human verbs before and around the switch. Each returns the new record or a refusal
// that says what to do instead; none has side effects, the next reconcile pass acts.
import type { DeploymentRecord } from '@cutover/contracts';
import { describeColor, trafficStays } from './describe';
import { Reasons } from './reasons';
import { elapsedMs } from './time';
import { transition } from './transition';
import { accepted, refused, refuseIfFinished, VerbCodes, type VerbResult } from './verb-result';

const BEFORE_SWITCH = ['Requested', 'Preparing', 'Verifying', 'AwaitingApproval'];

/** AwaitingApproval → Switching. */
export function approve(record: DeploymentRecord, by: string, now: Date): VerbResult {
  if (record.phase === 'AwaitingApproval') {
    const message = `approved by ${by}; switching traffic to ${record.toColor}`;
    return accepted(transition(record, 'Switching', Reasons.Approved, message, now, { approvedBy: by }));
  }
  const finished = refuseIfFinished(record, 'approve');
  if (finished) return finished;
  const why = record.policy.approval.required ? '' : ' (its policy does not ask for approval)';
  return refused(VerbCodes.WrongPhase, `cannot approve ${record.id}: it is ${record.phase}, not AwaitingApproval${why}`);
}

/** Any phase before the switch → Aborted; the new color is scaled down by the next pass. */
export function abort(record: DeploymentRecord, by: string, reason: string, now: Date): VerbResult {
  if (BEFORE_SWITCH.includes(record.phase)) {
    const message = `aborted by ${by}: ${reason}; ${trafficStays(record)}`;
    return accepted(transition(record, 'Aborted', Reasons.AbortedByUser, message, now));
  }
  const finished = refuseIfFinished(record, 'abort');
  if (finished) return finished;
  if (record.phase === 'RollingBack') {
    return refused(VerbCodes.WrongPhase, `cannot abort ${record.id}: it is already rolling back to ${describeColor(record.fromColor, record.fromVersion)}`);
  }
  const undo = record.fromColor
    ? `use rollback to put traffic back on ${describeColor(record.fromColor, record.fromVersion)}`
    : `this is the first release of ${record.service}, so there is nothing to roll back to`;
  return refused(
    VerbCodes.TrafficSwitched,
    `cannot abort ${record.id}: it is ${record.phase}, so traffic is or may already be on ${record.toColor}; ${undo}`,
  );
}

/**
 * Skip the remaining wait, never a check: AwaitingApproval → Switching, Monitoring →
 * Succeeded. Before verification passed it is refused, since traffic only goes to a color
 * that passed its checks.
 */
export function promote(record: DeploymentRecord, by: string, now: Date): VerbResult {
  if (record.phase === 'AwaitingApproval') {
    const message = `promoted by ${by}: approval skipped; switching traffic to ${record.toColor}`;
    return accepted(transition(record, 'Switching', Reasons.Promoted, message, now, { approvedBy: by }));
  }
  if (record.phase === 'Monitoring') {
    const watched = elapsedMs(record.switchedAt ?? record.phaseStartedAt, now);
    const message = `promoted by ${by}: monitoring ended after ${watched} of ${record.policy.monitorWindowMs} ms`;
    return accepted(transition(record, 'Succeeded', Reasons.Promoted, message, now));
  }
  const finished = refuseIfFinished(record, 'promote');
  if (finished) return finished;
  if (BEFORE_SWITCH.includes(record.phase)) {
    return refused(
      VerbCodes.ChecksPending,
      `cannot promote ${record.id}: it is ${record.phase} and ${record.toColor} has not passed its checks yet; promote skips waiting, not checking`,
    );
  }
  return refused(VerbCodes.WrongPhase, `cannot promote ${record.id}: it is ${record.phase}, there is no wait to skip`);
}
