// What a published phase change says about deployments: the time spent in the phase it
// left, the outcome when it is terminal, the start of a rollback and, once traffic is back,
// how long that took from the first fault. Each process records the changes it publishes
// itself, so replicas and services add up without counting an event twice.
import { isTerminal, type DeploymentRecord, type Phase } from '@cutover/contracts';
import { doraObservation, Reasons } from '@cutover/core';
import type { CutoverMetrics, DeploymentOutcome, RollbackTrigger } from './cutover-metrics';

export function recordPhaseChange(metrics: CutoverMetrics, record: DeploymentRecord, previousPhase: Phase | null): void {
  const [left, entered] = record.history.slice(-2);
  if (previousPhase && left?.phase === previousPhase && entered) {
    metrics.phaseDuration.observe({ phase: previousPhase }, seconds(left.at, entered.at));
  }
  if (isTerminal(record.phase)) metrics.deployments.inc({ service: record.service, outcome: record.phase as DeploymentOutcome });
  if (record.phase === 'RollingBack' && previousPhase !== 'RollingBack') {
    const trigger: RollbackTrigger = entered?.reason === Reasons.RollbackRequested ? 'manual' : 'automatic';
    metrics.rollbacks.inc({ service: record.service, trigger });
  }
  if (record.phase === 'RolledBack' && record.firstFaultAt && record.rolledBackAt) {
    metrics.faultToRollback.observe(seconds(record.firstFaultAt, record.rolledBackAt));
  }
  if (previousPhase !== record.phase) recordDora(metrics, record);
}

/** The DORA figures of a deployment that just finished; see doraObservation. */
function recordDora(metrics: CutoverMetrics, record: DeploymentRecord): void {
  const o = doraObservation(record);
  if (!o) return;
  const labels = { service: record.service, environment: record.environment ?? 'default' };
  if (record.phase === 'Succeeded') metrics.doraDeployments.inc(labels);
  if (o.live) metrics.doraLiveChanges.inc(labels);
  if (o.failed) metrics.doraChangeFailures.inc(labels);
  if (o.leadTimeMs !== null) metrics.doraLeadTime.observe(labels, o.leadTimeMs / 1000);
  if (o.restoreMs !== null) metrics.doraTimeToRestore.observe(labels, o.restoreMs / 1000);
}

const seconds = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from)) / 1000;
