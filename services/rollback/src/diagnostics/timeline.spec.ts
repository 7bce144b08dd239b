import { at, deployment, routing, transition } from '../testing/fixtures';
import { buildTimeline } from './timeline';

describe('buildTimeline', () => {
  it('merges phases, health and switches of this deployment, oldest first', () => {
    const record = deployment({
      phase: 'RolledBack',
      history: [
        { phase: 'Monitoring', at: at(1000), reason: 'SwitchConfirmed' },
        { phase: 'RollingBack', at: at(2001), reason: 'HealthDegraded' },
        { phase: 'RolledBack', at: at(2010), reason: 'RolledBack' },
      ],
    });
    const r = routing('blue', {
      history: [
        { at: at(-5000), fromColor: 'green', toColor: 'blue', version: '2.0.0', deploymentId: 'demo-0000000000abcdef', reason: 'older deployment' },
        { at: at(1000), fromColor: 'blue', toColor: 'green', version: '3.0.0', deploymentId: record.id, reason: 'release' },
        { at: at(2008), fromColor: 'green', toColor: 'blue', version: '2.0.0', deploymentId: record.id, reason: 'rollback' },
      ],
    });
    const timeline = buildTimeline(record, [transition()], r);
    expect(timeline.map((e) => [e.at, e.kind])).toEqual([
      [at(1000), 'phase'],
      [at(1000), 'switch'],
      [at(1600), 'fault'],
      [at(2000), 'health'],
      [at(2001), 'phase'],
      [at(2008), 'switch'],
      [at(2010), 'phase'],
    ]);
    expect(timeline[3]!.text).toBe('green (3.0.0) healthy → degraded: 3 probes in a row answered 500');
    expect(timeline[5]!.text).toBe('traffic green → blue: rollback');
  });

  it('has no fault entry for a recovery', () => {
    const timeline = buildTimeline(deployment({ phase: 'Monitoring', history: [] }), [transition({ from: 'degraded', to: 'healthy' })], null);
    expect(timeline.map((e) => e.kind)).toEqual(['health']);
  });
});
