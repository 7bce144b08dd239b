import { deployment, at, transition } from '../testing/fixtures';
import { decideOnTransition } from './on-transition';

const now = new Date(at(2001));

describe('decideOnTransition', () => {
  it('begins a rollback when the color that just went live degrades while Monitoring', () => {
    const plan = decideOnTransition(transition(), deployment({ phase: 'Monitoring' }), now);
    if (plan.kind !== 'begin') throw new Error(`expected begin, got ${JSON.stringify(plan)}`);
    expect(plan.record.phase).toBe('RollingBack');
    expect(plan.record.reason).toBe('HealthDegraded');
    expect(plan.record.message).toContain('3 probes in a row answered 500');
    expect(plan.record.firstFaultAt).toBe(at(1600));
  });

  it('counts an unhealthy transition as a fault too', () => {
    expect(decideOnTransition(transition({ to: 'unhealthy' }), deployment({ phase: 'Monitoring' }), now).kind).toBe('begin');
  });

  it('takes the transition time as the first fault when the monitor did not report one', () => {
    const t = transition();
    delete t.firstFailureAt;
    const plan = decideOnTransition(t, deployment({ phase: 'Monitoring' }), now);
    expect(plan.kind === 'begin' && plan.record.firstFaultAt).toBe(at(2000));
  });

  it('ignores a degradation of the idle color', () => {
    const plan = decideOnTransition(transition({ color: 'blue', version: '2.0.0' }), deployment({ phase: 'Monitoring' }), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('blue is not the color') });
  });

  it('ignores recoveries', () => {
    const plan = decideOnTransition(transition({ from: 'degraded', to: 'healthy' }), deployment({ phase: 'Monitoring' }), now);
    expect(plan.kind).toBe('decline');
  });

  it('ignores a service with no active deployment', () => {
    expect(decideOnTransition(transition(), null, now)).toEqual({ kind: 'decline', reason: 'demo has no active deployment' });
  });

  it('ignores a transition about the version that ran on the color before', () => {
    const plan = decideOnTransition(transition({ version: '1.0.0' }), deployment({ phase: 'Monitoring' }), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('about 1.0.0') });
  });

  it.each(['Verifying', 'Switching', 'Succeeded', 'RolledBack', 'Failed'] as const)('leaves a %s deployment alone', (phase) => {
    expect(decideOnTransition(transition(), deployment({ phase }), now)).toEqual({
      kind: 'decline',
      reason: expect.stringContaining(`is ${phase}, not Monitoring`),
    });
  });

  it('resumes a rollback already under way instead of starting a second one', () => {
    expect(decideOnTransition(transition(), deployment({ phase: 'RollingBack' }), now)).toEqual({ kind: 'resume' });
  });

  it('cannot roll back the first release of a service', () => {
    const plan = decideOnTransition(transition(), deployment({ phase: 'Monitoring', fromColor: null, fromVersion: null }), now);
    expect(plan).toEqual({ kind: 'decline', reason: expect.stringContaining('first release') });
  });
});
