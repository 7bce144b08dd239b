// Phase changes are published with the id the orchestrator uses too (deployment id and
// history length), so a change published twice, by a retry or by both, is stored once.
import type { DeploymentRecord, Phase } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import { recordPhaseChange } from '@cutover/tracing';

export async function publishPhaseChange(bus: Bus, record: DeploymentRecord, previousPhase: Phase | null): Promise<void> {
  await bus.publish(
    'deploymentEvent',
    [record.service],
    { deployment: record, previousPhase },
    { id: `${record.id}.${record.history.length}`, correlationId: traceOf(record).correlationId, deploymentId: record.id },
  );
  recordPhaseChange(record);
}

/** Every message about a deployment carries its release command's id as correlation id. */
export const traceOf = (record: DeploymentRecord) => ({ correlationId: record.requestId ?? record.id, deploymentId: record.id });
