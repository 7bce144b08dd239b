// Stands in for the orchestrator and rollback services on a real NATS: it consumes the
// commands the CLI publishes and answers each with a scripted sequence of the messages the
// real services send, so the CLI's waiting, matching and exit codes are exercised end to end.
import { buckets, DeploymentRecordSchema, type DeploymentRecord, type Envelope, type Phase, type ReleaseCommand } from '@cutover/contracts';
import { Reasons } from '@cutover/core';
import type { Bus } from '@cutover/messaging';
import { deployment } from './fixtures';

export type Script =
  | { kind: 'phases'; phases: [Phase, string][] }
  | { kind: 'reject'; code: string; reason: string }
  | { kind: 'silent' };

export interface ScriptedOrchestrator {
  /** Deployments the verbs and rollback act on, by id. */
  records: Map<string, DeploymentRecord>;
}

export async function startScriptedOrchestrator(bus: Bus, scriptFor: (cmd: ReleaseCommand) => Script): Promise<ScriptedOrchestrator> {
  const records = new Map<string, DeploymentRecord>();
  const deployments = bus.kv(buckets.deployments, DeploymentRecordSchema);
  const emit = async (record: DeploymentRecord, correlationId: string) => {
    records.set(record.id, record);
    await deployments.put(record.id, record);
    await bus.publish('deploymentEvent', [record.service], { deployment: record, previousPhase: record.history.at(-2)?.phase ?? null }, {
      id: `${record.id}.${record.history.length}`,
      correlationId,
      deploymentId: record.id,
    });
  };
  const step = (record: DeploymentRecord, phase: Phase, reason: string, message: string): DeploymentRecord => {
    const at = new Date(Date.parse(record.updatedAt) + 1000).toISOString();
    return { ...record, phase, reason, message, updatedAt: at, phaseStartedAt: at, history: [...record.history, { phase, reason, at }] };
  };

  await bus.consume(
    'release',
    async (cmd: Envelope<ReleaseCommand>) => {
      const script = scriptFor(cmd.data);
      if (script.kind === 'silent') return;
      if (script.kind === 'reject') {
        await bus.publish('releaseRejected', [], { requestId: cmd.id, service: cmd.data.service, version: cmd.data.version, code: script.code, reason: script.reason }, { correlationId: cmd.id });
        return;
      }
      const full = deployment(`${cmd.data.service}-${cmd.id.replace(/[^0-9a-z]/g, '').slice(0, 12)}`, script.phases, {
        service: cmd.data.service,
        version: cmd.data.version,
        requestId: cmd.id,
        ...(cmd.data.metadata ? { metadata: cmd.data.metadata } : {}),
      });
      for (let n = 1; n <= full.history.length; n++) {
        const entry = full.history[n - 1]!;
        await emit({ ...full, phase: entry.phase, reason: entry.reason, message: `${entry.phase} message`, history: full.history.slice(0, n) }, cmd.id);
      }
    },
    { durable: 'scripted-orchestrator' },
  );

  const verb = async (deploymentId: string, correlationId: string, ok: boolean, phase: Phase, reason: string, title: string) => {
    const record = records.get(deploymentId)!;
    if (!ok) {
      await bus.publish('notification', [record.service], { service: record.service, deploymentId, level: 'warning', title, text: `cannot ${title}` }, { correlationId, deploymentId });
      return;
    }
    await emit(step(record, phase, reason, `${reason} message`), record.requestId ?? deploymentId);
  };
  await bus.consume('approve', async (cmd) => verb(cmd.data.deploymentId, cmd.correlationId, true, 'Switching', Reasons.Approved, 'approve'), { durable: 'scripted-approve' });
  await bus.consume('abort', async (cmd) => verb(cmd.data.deploymentId, cmd.correlationId, false, 'Aborted', Reasons.AbortedByUser, 'abort refused'), { durable: 'scripted-abort' });
  await bus.consume(
    'rollback',
    async (cmd) => {
      const record = [...records.values()].reverse().find((r) => r.service === cmd.data.service && r.phase === 'Monitoring');
      if (!record) {
        await bus.publish('notification', [cmd.data.service], { service: cmd.data.service, level: 'warning', title: 'rollback refused', text: 'nothing to roll back' }, { correlationId: cmd.id });
        return;
      }
      const rollingBack = step(record, 'RollingBack', Reasons.RollbackRequested, `rolling back: ${cmd.data.reason}`);
      await emit(rollingBack, record.requestId ?? record.id);
      await emit(step(rollingBack, 'RolledBack', Reasons.RolledBack, 'traffic is back on blue'), record.requestId ?? record.id);
    },
    { durable: 'scripted-rollback' },
  );
  return { records };
}
