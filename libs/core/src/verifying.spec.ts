import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { driveTo, environment, failing, healthy, probe, routing, step } from '../test/fixtures';
import type { DeploymentRecord } from '@cutover/contracts';

describe('reconcile: Verifying', () => {
  let clock: ManualClock;
  let record: DeploymentRecord;
  beforeEach(() => {
    clock = new ManualClock();
    record = driveTo('Verifying', clock);
  });

  it('→ Switching after successesRequired probes in a row, asking for a compare-and-set switch', () => {
    const d = step(record, { health: healthy(record, clock.advance(600), 3) }, clock);
    expect(d.record).toMatchObject({ phase: 'Switching', reason: Reasons.VerificationPassed, verifyPasses: 3 });
    expect(d.actions).toEqual([{ kind: 'requestSwitch', toColor: 'green', expectedColor: 'blue' }]);
  });

  it('→ AwaitingApproval instead when the policy asks for approval', () => {
    record = driveTo('Verifying', clock, { policy: { approval: { required: true, timeoutMs: 60_000 } } });
    const d = step(record, { health: healthy(record, clock.advance(600), 3) }, clock);
    expect(d.record).toMatchObject({ phase: 'AwaitingApproval', reason: Reasons.ApprovalRequired });
    expect(d.record.message).toContain('aborts after 60000 ms');
    expect(d.actions).toEqual([]);
  });

  it('records progress when the pass count moves, and only then', () => {
    const d1 = step(record, { health: healthy(record, clock.advance(200), 1) }, clock);
    expect(d1.changed).toBe(true);
    expect(d1.record).toMatchObject({ phase: 'Verifying', verifyPasses: 1, updatedAt: clock.now().toISOString() });
    expect(d1.record.history).toEqual(record.history);
    const d2 = step(d1.record, { health: healthy(record, clock.advance(200), 1) }, clock);
    expect(d2).toEqual({ record: d1.record, changed: false, actions: [] });
    expect(step(d1.record, {}, clock).changed).toBe(false);
  });

  it('does not pass while the monitor still calls the color degraded', () => {
    const recovering = { ...healthy(record, clock.advance(600), 3), state: 'degraded' as const };
    expect(step(record, { health: recovering }, clock).record.phase).toBe('Verifying');
  });

  it('ignores snapshots of another version', () => {
    const old = { ...healthy(record, clock.advance(600), 3), version: '1.0.0' };
    expect(step(record, { health: old }, clock).record.phase).toBe('Verifying');
  });

  it('→ Failed (VerificationFailed) on fresh failures, naming the last failed probe, and scales the color down', () => {
    const d = step(record, { health: failing(record, clock.advance(600), 3) }, clock);
    expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.VerificationFailed });
    expect(d.record.message).toContain('http://127.0.0.1:41234/healthz answered 503');
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
  });

  it('fails on failureThreshold failures in a row even before the monitor changes state', () => {
    const d = step(record, { health: failing(record, clock.advance(600), 3, 'healthy') }, clock);
    expect(d.record.reason).toBe(Reasons.VerificationFailed);
    const fewer = step(record, { health: failing(record, clock.now(), 2, 'healthy') }, clock);
    expect(fewer.record.phase).toBe('Verifying');
  });

  it('fails on an unhealthy color with a fresh failed probe', () => {
    const d = step(record, { health: failing(record, clock.advance(600), 1, 'unhealthy') }, clock);
    expect(d.record.reason).toBe(Reasons.VerificationFailed);
  });

  it('does not hold failures seen while the color was still starting against it', () => {
    const before = new Date(Date.parse(record.phaseStartedAt) - 1);
    const stale = { ...failing(record, before, 5), at: clock.advance(50).toISOString() };
    expect(step(record, { health: stale }, clock).record.phase).toBe('Verifying');
  });

  it('→ Failed (EnvironmentFailed) when the color crashes during verification', () => {
    const env = environment(record, clock.advance(300), { status: 'failed', reason: 'ProcessExited', message: 'instance 0 exited' });
    const d = step(record, { environment: env }, clock);
    expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.EnvironmentFailed });
    expect(d.record.message).toContain('instance 0 exited');
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
  });

  it('→ Failed (EnvironmentLost) when the color stops or runs something else', () => {
    const now = clock.advance(300);
    for (const env of [environment(record, now, { status: 'stopped' }), environment(record, now, { version: '1.0.0' })]) {
      const d = step(record, { environment: env }, clock);
      expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.EnvironmentLost });
    }
  });

  it('keeps waiting while the color restarts', () => {
    expect(step(record, { environment: environment(record, clock.advance(300), { status: 'starting' }) }, clock).record.phase).toBe('Verifying');
  });

  it('→ Failed (VerificationTimeout) after verify.timeoutMs, saying what the probes showed', () => {
    clock.advance(record.policy.verify.timeoutMs - 1);
    const partial = { ...healthy(record, clock.now(), 2), recentFailures: [probe(clock.now(), false, { status: undefined, error: 'ECONNREFUSED' })] };
    expect(step(record, { health: partial }, clock).record.phase).toBe('Verifying');
    clock.advance(1);
    const d = step(record, { health: partial }, clock);
    expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.VerificationTimeout });
    expect(d.record.message).toContain('2 passed and 0 failed in a row');
    expect(d.record.message).toContain('failed (ECONNREFUSED)');
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
  });

  it('says so when no snapshot of the version arrived at all', () => {
    clock.advance(record.policy.verify.timeoutMs);
    expect(step(record, {}, clock).record.message).toContain('no health snapshot of this version yet');
  });

  it('a first release switches with no expected color', () => {
    record = driveTo('Verifying', clock, { live: null });
    const d = step(record, { health: healthy(record, clock.advance(600), 3) }, clock);
    expect(d.actions).toEqual([{ kind: 'requestSwitch', toColor: 'blue', expectedColor: null }]);
  });
});

describe('reconcile: AwaitingApproval', () => {
  let clock: ManualClock;
  let record: DeploymentRecord;
  const approvalPolicy = (timeoutMs: number | null) => ({ approval: { required: true, timeoutMs } });
  const toApproval = (timeoutMs: number | null) => {
    const verifying = driveTo('Verifying', clock, { policy: approvalPolicy(timeoutMs) });
    return step(verifying, { health: healthy(verifying, clock.advance(600), 3) }, clock).record;
  };
  beforeEach(() => (clock = new ManualClock()));

  it('waits for a human, without timeout when the policy sets none', () => {
    record = toApproval(null);
    clock.advance(86_400_000);
    const d = step(record, { environment: environment(record, clock.now()), health: healthy(record, clock.now(), 40) }, clock);
    expect(d).toEqual({ record, changed: false, actions: [] });
  });

  it('→ Aborted (ApprovalTimeout) when nobody approves in time, and scales the color down', () => {
    record = toApproval(60_000);
    clock.advance(59_999);
    expect(step(record, {}, clock).changed).toBe(false);
    clock.advance(1);
    const d = step(record, {}, clock);
    expect(d.record).toMatchObject({ phase: 'Aborted', reason: Reasons.ApprovalTimeout });
    expect(d.record.message).toContain('traffic stays on blue (1.0.0)');
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
  });

  it('→ Failed when the color degrades or crashes while waiting', () => {
    record = toApproval(null);
    expect(step(record, { health: failing(record, clock.advance(200), 3) }, clock).record.reason).toBe(Reasons.VerificationFailed);
    const crashed = environment(record, clock.now(), { status: 'failed' });
    expect(step(record, { environment: crashed }, clock).record.reason).toBe(Reasons.EnvironmentFailed);
  });

  it('never scales down the live color even when told it is the new one', () => {
    record = toApproval(1000);
    clock.advance(1000);
    expect(step(record, { routing: routing(record.service, 'green', clock.now()) }, clock).actions).toEqual([]);
  });
});
