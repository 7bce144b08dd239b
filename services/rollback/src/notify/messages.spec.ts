import { at, deployment } from '../testing/fixtures';
import { formatDuration, rollbackFailed, rollbackRefused, rolledBack } from './messages';

describe('notifications', () => {
  it('says how long traffic took to come back from the first fault', () => {
    const n = rolledBack(deployment({ phase: 'RolledBack', firstFaultAt: at(1600), rolledBackAt: at(2050) }), '3 probes in a row answered 500');
    expect(n).toMatchObject({ level: 'critical', title: 'demo 3.0.0 rolled back', deploymentId: 'demo-0000000001abcdef' });
    expect(n.text).toBe(`3 probes in a row answered 500. Traffic is back on blue (2.0.0) since ${at(2050)}, 450 ms from the first fault.`);
  });

  it('times a requested rollback from when it began', () => {
    const record = deployment({
      phase: 'RolledBack',
      rolledBackAt: at(6500),
      history: [{ phase: 'RollingBack', at: at(5000), reason: 'RollbackRequested' }],
    });
    expect(rolledBack(record, 'asked by alice').text).toContain('1.5 s from the request');
  });

  it('tells a human to look when traffic could not be put back', () => {
    const n = rollbackFailed(deployment({ phase: 'Failed' }), 'blue is stopped with 0 endpoint(s)');
    expect(n.level).toBe('critical');
    expect(n.text).toContain('blue (2.0.0): blue is stopped with 0 endpoint(s)');
  });

  it('warns about a refused request with its reason', () => {
    expect(rollbackRefused('demo', 'no deployment')).toEqual({ service: 'demo', level: 'warning', title: 'rollback of demo refused', text: 'no deployment' });
  });

  it('formats durations for people', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
  });
});
