import type { DeploymentRecord, Phase } from '@cutover/contracts';
import { createCutoverMetrics, type CutoverMetrics } from './cutover-metrics';
import { recordPhaseChange } from './deployment-events';

const record = (history: [Phase, string, string?][], extra: Partial<DeploymentRecord> = {}): DeploymentRecord =>
  ({
    service: 'checkout',
    phase: history.at(-1)![0],
    history: history.map(([phase, at, reason]) => ({ phase, at, reason: reason ?? 'x' })),
    ...extra,
  }) as DeploymentRecord;

const value = async (m: CutoverMetrics, name: string, labels: Record<string, string> = {}) => {
  const values = (await m.registry.getMetricsAsJSON()).flatMap((x) => x.values.map((v) => ({ ...v, name: (v as { metricName?: string }).metricName ?? x.name })));
  const match = values.find((v) => v.name === name && Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return match?.value ?? 0;
};

describe('recordPhaseChange', () => {
  let m: CutoverMetrics;
  beforeEach(() => (m = createCutoverMetrics()));

  it('observes the time spent in the phase left, under that phase', async () => {
    recordPhaseChange(m, record([['Switching', '2026-01-01T00:00:00.000Z'], ['Monitoring', '2026-01-01T00:00:00.250Z']]), 'Switching');
    expect(await value(m, 'cutover_deployment_phase_duration_seconds_bucket', { phase: 'Switching', le: '0.25' })).toBe(1);
    expect(await value(m, 'cutover_deployment_phase_duration_seconds_bucket', { phase: 'Switching', le: '0.1' })).toBe(0);
    expect(await value(m, 'cutover_deployments_total')).toBe(0);
  });

  it('counts a terminal phase as the outcome of the service', async () => {
    recordPhaseChange(m, record([['Monitoring', '2026-01-01T00:00:00Z'], ['Succeeded', '2026-01-01T00:00:04Z']]), 'Monitoring');
    expect(await value(m, 'cutover_deployments_total', { service: 'checkout', outcome: 'Succeeded' })).toBe(1);
  });

  it('tells automatic rollbacks from requested ones, and times fault to traffic back', async () => {
    recordPhaseChange(m, record([['Monitoring', '2026-01-01T00:00:00Z'], ['RollingBack', '2026-01-01T00:00:01Z', 'HealthDegraded']]), 'Monitoring');
    recordPhaseChange(m, record([['Monitoring', '2026-01-01T00:00:00Z'], ['RollingBack', '2026-01-01T00:00:01Z', 'RollbackRequested']]), 'Monitoring');
    const rolledBack = record([['RollingBack', '2026-01-01T00:00:01Z'], ['RolledBack', '2026-01-01T00:00:01.2Z']], {
      firstFaultAt: '2026-01-01T00:00:00.900Z',
      rolledBackAt: '2026-01-01T00:00:01.200Z',
    });
    recordPhaseChange(m, rolledBack, 'RollingBack');
    expect(await value(m, 'cutover_rollbacks_total', { trigger: 'automatic' })).toBe(1);
    expect(await value(m, 'cutover_rollbacks_total', { trigger: 'manual' })).toBe(1);
    expect(await value(m, 'cutover_fault_to_rollback_seconds_count')).toBe(1);
    expect(await value(m, 'cutover_fault_to_rollback_seconds_sum')).toBeCloseTo(0.3);
    expect(await value(m, 'cutover_deployments_total', { outcome: 'RolledBack' })).toBe(1);
  });

  it('does not count a rollback again when RollingBack is published once more', async () => {
    recordPhaseChange(m, record([['RollingBack', '2026-01-01T00:00:01Z', 'HealthDegraded']]), 'RollingBack');
    expect(await value(m, 'cutover_rollbacks_total')).toBe(0);
  });

  it('records the DORA figures of a finished deployment by service and environment', async () => {
    const live = { switchedAt: '2026-01-01T02:00:00Z', finishedAt: '2026-01-01T02:10:00Z', environment: 'production' };
    recordPhaseChange(m, record([['Monitoring', '2026-01-01T02:00:00Z'], ['Succeeded', '2026-01-01T02:10:00Z']], { ...live, metadata: { commitTime: '2026-01-01T00:00:00Z' } }), 'Monitoring');
    const back = { ...live, firstFaultAt: '2026-01-01T02:01:00Z', rolledBackAt: '2026-01-01T02:01:00.500Z' };
    recordPhaseChange(m, record([['RollingBack', '2026-01-01T02:01:00Z'], ['RolledBack', '2026-01-01T02:01:00.5Z']], back), 'RollingBack');
    const labels = { service: 'checkout', environment: 'production' };
    expect(await value(m, 'cutover_dora_deployments_total', labels)).toBe(1);
    expect(await value(m, 'cutover_dora_live_changes_total', labels)).toBe(2);
    expect(await value(m, 'cutover_dora_change_failures_total', labels)).toBe(1);
    // Commit to switch: 2 h.
    expect(await value(m, 'cutover_dora_lead_time_seconds_sum', labels)).toBe(7200);
    expect(await value(m, 'cutover_dora_time_to_restore_seconds_sum', labels)).toBe(0.5);
    // A repeat of the same terminal event (a redelivery) is not counted again.
    recordPhaseChange(m, record([['RolledBack', '2026-01-01T02:01:00.5Z']], back), 'RolledBack');
    expect(await value(m, 'cutover_dora_change_failures_total', labels)).toBe(1);
  });
});
