// A manual rollback is allowed while the previous color is still warm (core's
// beginRollback decides that) and the deployment's color is what serves traffic. The
// refusal says why, since a human asked and will read it.
import type { DeploymentRecord, RollbackCommand, RoutingState, ServiceState } from '@cutover/contracts';
import { beginRollback } from '@cutover/core';
import { decline, resume, type RollbackPlan } from './decision';

/** The deployment a rollback of the service is about: the running one, else the newest. */
export function latestDeploymentId(state: ServiceState | null): string | null {
  return state?.activeDeploymentId ?? state?.recentDeploymentIds[0] ?? null;
}

export function decideOnCommand(
  cmd: RollbackCommand,
  latestId: string | null,
  record: DeploymentRecord | null,
  routing: RoutingState | null,
  now: Date,
): RollbackPlan {
  if (!latestId) return decline(`${cmd.service} has no deployment to roll back`);
  // Rolling back an older deployment would undo a newer one that already replaced it.
  if (cmd.deploymentId !== undefined && cmd.deploymentId !== latestId) {
    return decline(`deployment ${cmd.deploymentId} is not the latest deployment of ${cmd.service} (${latestId} is)`);
  }
  if (!record || record.service !== cmd.service) return decline(`deployment ${latestId} of ${cmd.service} was not found`);
  if (record.phase === 'RollingBack') return resume;
  const begun = beginRollback(record, `${cmd.reason} (requested by ${cmd.by ?? 'an unnamed operator'})`, now);
  if (!begun.ok) return decline(begun.message);
  if (routing !== null && routing.liveColor !== record.toColor) {
    return decline(`${record.toColor} of deployment ${record.id} is not live (${routing.liveColor ?? 'no color'} is): there is nothing to switch back`);
  }
  return { kind: 'begin', record: begun.record };
}
