// Every phase change is published once: the message id is derived from the deployment and
// the length of its history, so a retried publish after a crash is deduplicated by JetStream.
import type { DeploymentRecord, Phase } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import { recordPhaseChange } from '@cutover/tracing';

export async function publishPhaseChange(
  bus: Bus,
  record: DeploymentRecord,
  previousPhase: Phase | null,
  correlationId: string,
): Promise<void> {
  await bus.publish(
    'deploymentEvent',
    [record.service],
    { deployment: record, previousPhase },
    { id: `${record.id}.${record.history.length}`, correlationId, deploymentId: record.id },
  );
  // null: a redelivered release re-announcing the record as it is, not a phase change.
  if (previousPhase !== null) recordPhaseChange(record);
}
