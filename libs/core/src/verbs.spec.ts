import type { DeploymentRecord, Phase } from '@cutover/contracts';
import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { VerbCodes, type VerbResult } from './verb-result';
import { abort, approve, promote } from './verbs';
import { driveTo, healthy, step, valid } from '../test/fixtures';

const ok = (r: VerbResult): DeploymentRecord => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return valid(r.record);
};
const refusal = (r: VerbResult) => {
  if (r.ok) throw new Error(`accepted in ${r.record.phase}`);
  return r;
};

/** A record in any phase, reached through real transitions. */
function inPhase(phase: Phase, clock: ManualClock): DeploymentRecord {
  const approval = { policy: { approval: { required: true, timeoutMs: null } } };
  switch (phase) {
    case 'AwaitingApproval': {
      const v = driveTo('Verifying', clock, approval);
      return step(v, { health: healthy(v, clock.advance(600), 3) }, clock).record;
    }
    case 'Failed':
      return step(driveTo('Preparing', clock), {}, new ManualClock(clock.advance(60_000))).record;
    case 'Aborted':
      return ok(abort(driveTo('Preparing', clock), 'ana', 'no', clock.advance(1)));
    default:
      return driveTo(phase, clock);
  }
}

describe('approve', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  it('AwaitingApproval → Switching, remembering who approved', () => {
    const record = ok(approve(inPhase('AwaitingApproval', clock), 'ana', clock.advance(5000)));
    expect(record).toMatchObject({ phase: 'Switching', reason: Reasons.Approved, approvedBy: 'ana', phaseStartedAt: clock.now().toISOString() });
    expect(record.message).toBe('approved by ana; switching traffic to green');
  });

  it('then reconcile asks for the switch', () => {
    const record = ok(approve(inPhase('AwaitingApproval', clock), 'ana', clock.now()));
    expect(step(record, {}, clock).actions).toEqual([{ kind: 'requestSwitch', toColor: 'green', expectedColor: 'blue' }]);
  });

  it.each(['Requested', 'Preparing', 'Verifying', 'Switching', 'Monitoring'] as Phase[])('is refused in %s', (phase) => {
    const r = refusal(approve(inPhase(phase, clock), 'ana', clock.now()));
    expect(r.code).toBe(VerbCodes.WrongPhase);
    expect(r.message).toContain(`it is ${phase}, not AwaitingApproval (its policy does not ask for approval)`);
  });

  it.each(['Succeeded', 'Failed', 'Aborted'] as Phase[])('is refused once the deployment ended %s', (phase) => {
    const r = refusal(approve(inPhase(phase, clock), 'ana', clock.now()));
    expect(r.code).toBe(VerbCodes.AlreadyFinished);
    expect(r.message).toContain(`already ended ${phase}`);
  });
});

describe('abort', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  it.each(['Requested', 'Preparing', 'Verifying', 'AwaitingApproval'] as Phase[])('%s → Aborted, saying who and why', (phase) => {
    const before = inPhase(phase, clock);
    const record = ok(abort(before, 'ana', 'wrong build', clock.advance(10)));
    expect(record).toMatchObject({ phase: 'Aborted', reason: Reasons.AbortedByUser, finishedAt: clock.now().toISOString() });
    expect(record.message).toBe('aborted by ana: wrong build; traffic stays on blue (1.0.0)');
    expect(record.history.at(-1)).toEqual({ phase: 'Aborted', at: clock.now().toISOString(), reason: Reasons.AbortedByUser });
    expect(before.phase).toBe(phase);
  });

  it.each(['Switching', 'Monitoring'] as Phase[])('is refused in %s with a pointer to rollback', (phase) => {
    const r = refusal(abort(inPhase(phase, clock), 'ana', 'oops', clock.now()));
    expect(r.code).toBe(VerbCodes.TrafficSwitched);
    expect(r.message).toContain('use rollback to put traffic back on blue (1.0.0)');
  });

  it('explains that a first release has nothing to roll back to', () => {
    const r = refusal(abort(driveTo('Monitoring', clock, { live: null }), 'ana', 'oops', clock.now()));
    expect(r.message).toContain('first release of checkout');
  });

  it('is refused while rolling back and after the end', () => {
    const rolling = { ...inPhase('Monitoring', clock), phase: 'RollingBack' as const };
    expect(refusal(abort(rolling, 'ana', 'x', clock.now())).code).toBe(VerbCodes.WrongPhase);
    expect(refusal(abort(inPhase('Succeeded', clock), 'ana', 'x', clock.now())).code).toBe(VerbCodes.AlreadyFinished);
  });
});

describe('promote', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  it('AwaitingApproval → Switching: the approval wait is skipped', () => {
    const record = ok(promote(inPhase('AwaitingApproval', clock), 'ana', clock.advance(10)));
    expect(record).toMatchObject({ phase: 'Switching', reason: Reasons.Promoted, approvedBy: 'ana' });
  });

  it('Monitoring → Succeeded at once, saying how long it was watched', () => {
    const monitoring = inPhase('Monitoring', clock);
    const record = ok(promote(monitoring, 'ana', clock.advance(1234)));
    expect(record).toMatchObject({ phase: 'Succeeded', reason: Reasons.Promoted, finishedAt: clock.now().toISOString() });
    expect(record.message).toContain('monitoring ended after 1234 of 30000 ms');
  });

  it.each(['Requested', 'Preparing', 'Verifying'] as Phase[])('is refused in %s: checks are never skipped', (phase) => {
    const r = refusal(promote(inPhase(phase, clock), 'ana', clock.now()));
    expect(r.code).toBe(VerbCodes.ChecksPending);
    expect(r.message).toContain('has not passed its checks yet');
  });

  it('is refused while switching and after the end', () => {
    expect(refusal(promote(inPhase('Switching', clock), 'ana', clock.now())).code).toBe(VerbCodes.WrongPhase);
    expect(refusal(promote(inPhase('Succeeded', clock), 'ana', clock.now())).code).toBe(VerbCodes.AlreadyFinished);
  });
});
