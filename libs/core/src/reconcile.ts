import type { DeploymentRecord } from '@cutover/contracts';
import { unchanged, type Decision } from './decision';
import { relevantTo, type Observations } from './observations';
import { preparing, requested } from './preparing';
import { endedBeforeSwitch, rolledBack, succeeded } from './settle';
import { monitoring, switching } from './switching';
import { awaitingApproval, verifying } from './verifying';

/**
 * The next step of a deployment, as a pure function of its record, what the other
 * services observed, and the time. Evidence is weighed before deadlines: an environment
 * that became ready in the same pass its timeout expired counts as ready.
 *
 * The caller writes `decision.record` (when `changed`) with the revision it read, then
 * performs `decision.actions`. Actions are repeated on later passes until their effect is
 * observed, so a crash between the write and the actions is repaired by the next pass.
 */
export function reconcile(record: DeploymentRecord, observations: Observations, now: Date): Decision {
  const obs = relevantTo(record, observations);
  switch (record.phase) {
    case 'Requested':
      return requested(record, now);
    case 'Preparing':
      return preparing(record, obs, now);
    case 'Verifying':
      return verifying(record, obs, now);
    case 'AwaitingApproval':
      return awaitingApproval(record, obs, now);
    case 'Switching':
      return switching(record, obs, now);
    case 'Monitoring':
      return monitoring(record, obs, now);
    case 'RollingBack':
      // Owned by the rollback service from here until RolledBack.
      return unchanged(record);
    case 'Succeeded':
      return succeeded(record, obs, now);
    case 'Failed':
    case 'Aborted':
      return endedBeforeSwitch(record, obs);
    case 'RolledBack':
      return rolledBack(record, obs, now);
  }
}
