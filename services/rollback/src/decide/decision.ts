import type { DeploymentRecord } from '@cutover/contracts';

/**
 * What to do about one trigger: begin a rollback (`record` is the RollingBack record to
 * write), carry on with one that a crash or a redelivery interrupted (the stored record is
 * already RollingBack), or nothing, and why.
 */
export type RollbackPlan =
  | { kind: 'begin'; record: DeploymentRecord }
  | { kind: 'resume' }
  | { kind: 'decline'; reason: string };

export const resume: RollbackPlan = { kind: 'resume' };
export const decline = (reason: string): RollbackPlan => ({ kind: 'decline', reason });
