import type { DeploymentRecord } from '@cutover/contracts';
import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { beginRollback, completeRollback, failRollback } from './rollback';
import { VerbCodes, type VerbResult } from './verb-result';
import { abort } from './verbs';
import { driveTo, routing, step, valid } from '../test/fixtures';

const ok = (r: VerbResult): DeploymentRecord => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return valid(r.record);
};
const refusal = (r: VerbResult) => {
  if (r.ok) throw new Error(`accepted in ${r.record.phase}`);
  return r;
};

describe('beginRollback', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  it('Monitoring → RollingBack, automatic: reason HealthDegraded and the first fault kept', () => {
    const fault = new Date(clock.now().getTime() + 50);
    const record = ok(beginRollback(driveTo('Monitoring', clock), 'error rate 0.4 over 0.05', clock.advance(900), fault));
    expect(record).toMatchObject({ phase: 'RollingBack', reason: Reasons.HealthDegraded, firstFaultAt: fault.toISOString() });
    expect(record.message).toBe('rolling back to blue (1.0.0): error rate 0.4 over 0.05');
  });

  it('accepts the first fault as an ISO string', () => {
    const record = ok(beginRollback(driveTo('Monitoring', clock), 'x', clock.now(), '2025-01-01T00:00:01.000Z'));
    expect(record.firstFaultAt).toBe('2025-01-01T00:00:01.000Z');
  });

  it('manual: reason RollbackRequested, no fault time', () => {
    const record = ok(beginRollback(driveTo('Monitoring', clock), 'requested by ana', clock.now()));
    expect(record.reason).toBe(Reasons.RollbackRequested);
    expect(record).not.toHaveProperty('firstFaultAt');
  });

  it('Succeeded while the previous color is warm → RollingBack, and finishedAt is dropped', () => {
    const succeeded = driveTo('Succeeded', clock);
    expect(succeeded.finishedAt).toBeDefined();
    const record = ok(beginRollback(succeeded, 'late errors', clock.advance(1000)));
    expect(record.phase).toBe('RollingBack');
    expect(record).not.toHaveProperty('finishedAt');
  });

  it('is refused once the previous color was scaled down', () => {
    const succeeded = driveTo('Succeeded', clock);
    clock.advance(succeeded.policy.scaleDownDelayMs);
    const cold = step(succeeded, { routing: routing(succeeded.service, 'green', clock.now()) }, clock).record;
    const r = refusal(beginRollback(cold, 'late errors', clock.now()));
    expect(r.code).toBe(VerbCodes.NoRollbackTarget);
    expect(r.message).toContain('blue (1.0.0) was already scaled down');
  });

  it('is refused for a first release', () => {
    const r = refusal(beginRollback(driveTo('Monitoring', clock, { live: null }), 'errors', clock.now()));
    expect(r.code).toBe(VerbCodes.NoRollbackTarget);
    expect(r.message).toContain('first release of checkout');
  });

  it('is refused before traffic moved, pointing at abort', () => {
    for (const phase of ['Requested', 'Preparing', 'Verifying'] as const) {
      const r = refusal(beginRollback(driveTo(phase, clock), 'x', clock.now()));
      expect(r.code).toBe(VerbCodes.WrongPhase);
      expect(r.message).toContain('use abort');
    }
  });

  it('is refused while the switch is unconfirmed', () => {
    const r = refusal(beginRollback(driveTo('Switching', clock), 'x', clock.now()));
    expect(r.code).toBe(VerbCodes.WrongPhase);
    expect(r.message).toContain('unconfirmed');
  });

  it('tells a repeated request that a rollback is already under way', () => {
    const rolling = ok(beginRollback(driveTo('Monitoring', clock), 'x', clock.now()));
    expect(refusal(beginRollback(rolling, 'x', clock.now())).code).toBe(VerbCodes.AlreadyRollingBack);
  });

  it('is refused after a deployment ended otherwise', () => {
    const aborted = ok(abort(driveTo('Preparing', clock), 'ana', 'x', clock.now()));
    expect(refusal(beginRollback(aborted, 'x', clock.now())).code).toBe(VerbCodes.AlreadyFinished);
  });
});

describe('completeRollback and failRollback', () => {
  let clock: ManualClock;
  let rolling: DeploymentRecord;
  beforeEach(() => {
    clock = new ManualClock();
    rolling = ok(beginRollback(driveTo('Monitoring', clock), 'errors', clock.advance(10), clock.now()));
  });

  it('RollingBack → RolledBack with rolledBackAt and finishedAt', () => {
    const record = ok(completeRollback(rolling, clock.advance(300)));
    const at = clock.now().toISOString();
    expect(record).toMatchObject({ phase: 'RolledBack', reason: Reasons.RolledBack, rolledBackAt: at, finishedAt: at });
    expect(record.message).toContain('traffic is back on blue (1.0.0)');
    expect(record.history.map((h) => h.phase)).toEqual(['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring', 'RollingBack', 'RolledBack']);
  });

  it('RollingBack → Failed (RollbackFailed) with the reason', () => {
    const record = ok(failRollback(rolling, 'switcher timed out', clock.advance(300)));
    expect(record).toMatchObject({ phase: 'Failed', reason: Reasons.RollbackFailed });
    expect(record.message).toContain('failed: switcher timed out');
  });

  it('both are refused outside RollingBack', () => {
    const monitoring = driveTo('Monitoring', new ManualClock());
    expect(refusal(completeRollback(monitoring, clock.now())).code).toBe(VerbCodes.WrongPhase);
    expect(refusal(failRollback(monitoring, 'x', clock.now())).code).toBe(VerbCodes.WrongPhase);
    const done = ok(completeRollback(rolling, clock.now()));
    expect(refusal(completeRollback(done, clock.now())).code).toBe(VerbCodes.AlreadyFinished);
  });
});
