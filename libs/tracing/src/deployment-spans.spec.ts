import type { DeploymentRecord, Phase } from '@cutover/contracts';
import { deploymentSpanIds } from './deployment-trace';
import { recordPhaseChange } from './deployment-spans';
import { recordSpansInMemory } from './testing/record-spans';

const exporter = recordSpansInMemory();
const ID = 'demo-20250101-abc123';
const T0 = Date.parse('2025-01-01T00:00:00.000Z');

function recordAt(phases: Phase[]): DeploymentRecord {
  const history = phases.map((phase, i) => ({ phase, at: new Date(T0 + i * 1000).toISOString(), reason: `r${i}` }));
  return {
    id: ID, service: 'demo', version: '2.0.0', env: {}, fromColor: 'blue', fromVersion: '1.0.0', toColor: 'green',
    phase: phases.at(-1)!, reason: 'r', message: 'm', history, createdAt: history[0]!.at, updatedAt: history.at(-1)!.at,
    phaseStartedAt: history.at(-1)!.at, verifyPasses: 0,
  } as unknown as DeploymentRecord;
}

const ms = (t: [number, number]) => t[0] * 1000 + t[1] / 1e6;
const spans = () => exporter.getFinishedSpans();

describe('recordPhaseChange', () => {
  beforeEach(() => exporter.reset());

  it('records the phase that just ended, from its history entry to the next, under the root span', () => {
    recordPhaseChange(recordAt(['Requested', 'Preparing', 'Verifying']));
    expect(spans()).toHaveLength(1);
    const [span] = spans();
    expect(span!.name).toBe('phase Preparing');
    expect([ms(span!.startTime), ms(span!.endTime)]).toEqual([T0 + 1000, T0 + 2000]);
    expect(span!.spanContext().traceId).toBe(deploymentSpanIds(ID).traceId);
    expect(span!.parentSpanContext?.spanId).toBe(deploymentSpanIds(ID).spanId);
    expect(span!.attributes).toMatchObject({ 'cutover.phase': 'Preparing', 'cutover.deployment_id': ID, 'cutover.color': 'green', 'cutover.version': '2.0.0' });
  });

  it('records nothing for a record that has not changed phase yet', () => {
    recordPhaseChange(recordAt(['Requested']));
    expect(spans()).toEqual([]);
  });

  it('ends the root span, with the ids the others point at, at the first terminal phase', () => {
    recordPhaseChange(recordAt(['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'RollingBack', 'RolledBack']));
    const root = spans().find((s) => s.name === 'deployment')!;
    expect(root.spanContext()).toMatchObject(deploymentSpanIds(ID));
    expect(root.parentSpanContext).toBeUndefined();
    expect([ms(root.startTime), ms(root.endTime)]).toEqual([T0, T0 + 6000]);
    expect(root.attributes['cutover.phase']).toBe('RolledBack');
    expect(root.status.code).toBe(2);
  });

  it('does not end the root span again when a finished deployment is rolled back later', () => {
    recordPhaseChange(recordAt(['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'Succeeded', 'RollingBack', 'RolledBack']));
    expect(spans().map((s) => s.name)).toEqual(['phase RollingBack']);
  });

  it('gives ordinary spans random ids once the root span is recorded', () => {
    recordPhaseChange(recordAt(['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'Succeeded']));
    recordPhaseChange(recordAt(['Requested', 'Preparing']));
    const ids = spans().map((s) => s.spanContext().spanId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
