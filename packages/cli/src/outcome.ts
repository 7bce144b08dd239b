import type { DeploymentRecord } from '@cutover/contracts';

/**
 * The reason worth showing for a deployment: for a rollback, what started it
 * (HealthDegraded, RollbackRequested) rather than the uninformative final "RolledBack".
 */
export function outcomeReason(record: DeploymentRecord): string {
  if (record.phase !== 'RolledBack') return record.reason;
  return [...record.history].reverse().find((e) => e.phase === 'RollingBack')?.reason ?? record.reason;
}
