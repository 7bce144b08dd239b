import type { DeploymentRecord, RoutingState } from '@cutover/contracts';
import { scaleDownUnlessLive, type Action } from './actions';
import type { Reason } from './reasons';
import { transition } from './transition';

/** What reconcile decided: the record to write (the same object when nothing changed) and what to do after writing it. */
export interface Decision {
  record: DeploymentRecord;
  changed: boolean;
  actions: Action[];
}

export const unchanged = (record: DeploymentRecord, actions: Action[] = []): Decision => ({ record, changed: false, actions });

export const changed = (record: DeploymentRecord, actions: Action[] = []): Decision => ({ record, changed: true, actions });

/**
 * End the deployment before traffic moved (Failed or Aborted) and release its new color at
 * once; later passes repeat the scale-down while the color is still seen running.
 */
export function endBeforeSwitch(
  record: DeploymentRecord,
  phase: 'Failed' | 'Aborted',
  reason: Reason,
  message: string,
  now: Date,
  routing: RoutingState | null,
): Decision {
  const next = transition(record, phase, reason, message, now);
  return changed(next, scaleDownUnlessLive(record.toColor, releaseReason(next), routing));
}

/** Why a deployment's new color is scaled down, as the runtime will log it. */
export const releaseReason = (record: DeploymentRecord): string => `deployment ${record.id} ended ${record.phase} (${record.reason})`;
