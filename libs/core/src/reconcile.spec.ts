import { ManualClock } from './clock';
import { reconcile } from './reconcile';
import { Reasons } from './reasons';
import { environment, healthy, newDeployment, none, routing, step, valid } from '../test/fixtures';

describe('reconcile', () => {
  it('drives a release from Requested to Succeeded and records every step', () => {
    const clock = new ManualClock();
    const initial = newDeployment(clock);
    const frozen = structuredClone(initial);
    let record = initial;

    record = step(record, {}, clock).record; // → Preparing
    record = step(record, { environment: environment(record, clock.advance(800)) }, clock).record; // → Verifying
    record = step(record, { health: healthy(record, clock.advance(600), 3) }, clock).record; // → Switching
    record = step(record, { routing: routing(record.service, 'green', clock.advance(40)) }, clock).record; // → Monitoring
    clock.advance(record.policy.monitorWindowMs);
    record = step(record, { health: healthy(record, clock.now(), 150) }, clock).record; // → Succeeded

    expect(record.history).toEqual([
      { phase: 'Requested', at: '2025-01-01T00:00:00.000Z', reason: Reasons.ReleaseAccepted },
      { phase: 'Preparing', at: '2025-01-01T00:00:00.000Z', reason: Reasons.EnvironmentStarting },
      { phase: 'Verifying', at: '2025-01-01T00:00:00.800Z', reason: Reasons.EnvironmentReady },
      { phase: 'Switching', at: '2025-01-01T00:00:01.400Z', reason: Reasons.VerificationPassed },
      { phase: 'Monitoring', at: '2025-01-01T00:00:01.440Z', reason: Reasons.SwitchConfirmed },
      { phase: 'Succeeded', at: '2025-01-01T00:00:31.440Z', reason: Reasons.MonitoringPassed },
    ]);
    expect(record).toMatchObject({ switchedAt: '2025-01-01T00:00:01.440Z', finishedAt: '2025-01-01T00:00:31.440Z', updatedAt: '2025-01-01T00:00:31.440Z' });
    expect(valid(record)).toBe(record);
    expect(initial).toEqual(frozen);
  });

  it('returns the same object, unchanged, when there is nothing to do', () => {
    const clock = new ManualClock();
    const record = step(newDeployment(clock), {}, clock).record;
    const d = reconcile(record, { ...none, environment: environment(record, clock.now(), { status: 'starting' }) }, clock.now());
    expect(d.changed).toBe(false);
    expect(d.record).toBe(record);
  });

  it('never modifies the record it was given', () => {
    const clock = new ManualClock();
    const record = Object.freeze(newDeployment(clock));
    Object.freeze(record.history);
    expect(() => reconcile(record, none, clock.now())).not.toThrow();
  });
});
