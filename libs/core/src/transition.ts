import { isTerminal, type DeploymentRecord, type Phase } from '@cutover/contracts';
import type { Reason } from './reasons';

/**
 * The record after a phase change: phase, reason, message and timestamps set, one history
 * entry appended. finishedAt follows the phase: set on entering a terminal phase, dropped
 * on leaving one (Succeeded → RollingBack). The input record is not modified.
 */
export function transition(
  record: DeploymentRecord,
  phase: Phase,
  reason: Reason,
  message: string,
  now: Date,
  patch: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  const at = now.toISOString();
  const next: DeploymentRecord = {
    ...record,
    ...patch,
    phase,
    reason,
    message,
    phaseStartedAt: at,
    updatedAt: at,
    history: [...record.history, { phase, at, reason }],
  };
  if (isTerminal(phase)) next.finishedAt = at;
  else delete next.finishedAt;
  return next;
}
