// approve, abort and promote: apply the pure core verb to the stored record with
// compare-and-set, publish the change, or tell the sender why not.
import type { DeploymentRecord, DeploymentVerb, Envelope } from '@cutover/contracts';
import { abort, approve, promote, type Clock, type VerbResult } from '@cutover/core';
import { KvConflictError, type Bus } from '@cutover/messaging';
import { publishPhaseChange } from '../deployment-events';
import type { Stores } from '../stores';

export type Verb = 'approve' | 'abort' | 'promote';

const apply = (verb: Verb, record: DeploymentRecord, cmd: DeploymentVerb, now: Date): VerbResult => {
  const by = cmd.by ?? 'unknown';
  switch (verb) {
    case 'approve':
      return approve(record, by, now);
    case 'abort':
      return abort(record, by, cmd.reason ?? `aborted by ${by}`, now);
    case 'promote':
      return promote(record, by, now);
  }
};

export type VerbOutcome = { ok: true; record: DeploymentRecord } | { ok: false; code: string; message: string };

export async function applyVerb(
  verb: Verb,
  cmd: Envelope<DeploymentVerb>,
  deps: { bus: Bus; stores: Stores; clock: Clock },
): Promise<VerbOutcome> {
  const { deploymentId } = cmd.data;
  for (;;) {
    const entry = await deps.stores.deployments.get(deploymentId);
    if (!entry) return { ok: false, code: 'unknown_deployment', message: `no deployment ${deploymentId}` };
    const result = apply(verb, entry.value, cmd.data, deps.clock.now());
    if (!result.ok) {
      await deps.bus.publish(
        'notification',
        [entry.value.service],
        { service: entry.value.service, deploymentId, level: 'warning', title: `${verb} refused`, text: result.message },
        { correlationId: cmd.correlationId, deploymentId },
      );
      return { ok: false, code: result.code, message: result.message };
    }
    try {
      await deps.stores.deployments.update(deploymentId, result.record, entry.revision);
    } catch (e) {
      if (e instanceof KvConflictError) continue;
      throw e;
    }
    await publishPhaseChange(deps.bus, result.record, entry.value.phase, entry.value.requestId ?? deploymentId);
    return { ok: true, record: result.record };
  }
}
