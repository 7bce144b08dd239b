import { isTerminal, type DeploymentRecord } from '@cutover/contracts';

/** Why a verb was refused; the message says what to do instead. */
export const VerbCodes = {
  /** The verb makes no sense in the deployment's current phase. */
  WrongPhase: 'wrong_phase',
  /** The deployment already ended. */
  AlreadyFinished: 'already_finished',
  /** abort after traffic (may have) moved: only a rollback can undo that. */
  TrafficSwitched: 'traffic_switched',
  /** promote before the new color passed its checks. */
  ChecksPending: 'checks_pending',
  /** rollback with no previous color to go back to (first release, or already scaled down). */
  NoRollbackTarget: 'no_rollback_target',
  /** rollback while one is already under way. */
  AlreadyRollingBack: 'already_rolling_back',
} as const;

export type VerbCode = (typeof VerbCodes)[keyof typeof VerbCodes];

export type VerbResult = { ok: true; record: DeploymentRecord } | { ok: false; code: VerbCode; message: string };

export const accepted = (record: DeploymentRecord): VerbResult => ({ ok: true, record });

export const refused = (code: VerbCode, message: string): VerbResult => ({ ok: false, code, message });

/** The refusal for any verb on a deployment that already ended, or null while it runs. */
export function refuseIfFinished(record: DeploymentRecord, verb: string): VerbResult | null {
  if (!isTerminal(record.phase)) return null;
  return refused(VerbCodes.AlreadyFinished, `cannot ${verb} ${record.id}: it already ended ${record.phase} (${record.message})`);
}
