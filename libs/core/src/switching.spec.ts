import type { DeploymentRecord } from '@cutover/contracts';
import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { driveTo, environment, failing, healthy, routing, step, switchResult } from '../test/fixtures';

describe('reconcile: Switching', () => {
  let clock: ManualClock;
  let record: DeploymentRecord;
  beforeEach(() => {
    clock = new ManualClock();
    record = driveTo('Switching', clock);
  });

  it('keeps asking for the switch until it is confirmed', () => {
    const d = step(record, { routing: routing(record.service, 'blue', clock.advance(50)) }, clock);
    expect(d).toEqual({ record, changed: false, actions: [{ kind: 'requestSwitch', toColor: 'green', expectedColor: 'blue' }] });
  });

  it('→ Monitoring once routing shows the new color live, stamping switchedAt', () => {
    const now = clock.advance(50);
    const d = step(record, { routing: routing(record.service, 'green', now) }, clock);
    expect(d.record).toMatchObject({ phase: 'Monitoring', reason: Reasons.SwitchConfirmed, switchedAt: now.toISOString() });
    expect(d.actions).toEqual([]);
  });

  it('→ Monitoring on the switcher\'s confirmation even before routing is read back', () => {
    expect(step(record, { switchResult: switchResult(record, true) }, clock).record.phase).toBe('Monitoring');
  });

  it('→ Failed (SwitchFailed) when the switcher refuses, leaving traffic alone and scaling the new color down', () => {
    const d = step(record, { routing: routing(record.service, 'blue', clock.advance(50)), switchResult: switchResult(record, false) }, clock);
    expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.SwitchFailed });
    expect(d.record.message).toContain('stale_expected_color: live color is green, expected blue');
    expect(d.record.message).toContain('traffic stays on blue (1.0.0)');
    expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
  });

  it('trusts routing over a refusal: traffic already on the new color means the switch happened', () => {
    const d = step(record, { routing: routing(record.service, 'green', clock.now()), switchResult: switchResult(record, false) }, clock);
    expect(d.record.phase).toBe('Monitoring');
  });

  it('ignores switch results of other deployments or colors', () => {
    for (const other of [switchResult(record, false, { deploymentId: 'checkout-0000000000other' }), switchResult(record, false, { toColor: 'blue' })]) {
      expect(step(record, { switchResult: other }, clock).record.phase).toBe('Switching');
    }
  });

  it('ignores routing of another service', () => {
    expect(step(record, { routing: routing('other', 'green', clock.now()) }, clock).record.phase).toBe('Switching');
  });
});

describe('reconcile: Monitoring', () => {
  let clock: ManualClock;
  let record: DeploymentRecord;
  beforeEach(() => {
    clock = new ManualClock();
    record = driveTo('Monitoring', clock);
  });

  it('waits for the monitoring window', () => {
    clock.advance(record.policy.monitorWindowMs - 1);
    expect(step(record, { health: healthy(record, clock.now(), 50) }, clock)).toEqual({ record, changed: false, actions: [] });
  });

  it('→ Succeeded when the window passed, with finishedAt and when the previous color goes', () => {
    clock.advance(record.policy.monitorWindowMs);
    const d = step(record, { health: healthy(record, clock.now(), 150) }, clock);
    expect(d.record).toMatchObject({ phase: 'Succeeded', reason: Reasons.MonitoringPassed, finishedAt: clock.now().toISOString() });
    expect(d.record.message).toContain('blue (1.0.0) is scaled down in 30000 ms');
    expect(d.actions).toEqual([]);
  });

  it('does not declare success while the new color is degraded: that is the rollback service\'s call', () => {
    clock.advance(record.policy.monitorWindowMs + 10_000);
    const d = step(record, { health: failing(record, clock.now(), 3) }, clock);
    expect(d).toEqual({ record, changed: false, actions: [] });
  });

  it('counts the window from switchedAt', () => {
    const late = { ...record, switchedAt: new Date(clock.now().getTime() + 5000).toISOString() };
    clock.advance(record.policy.monitorWindowMs);
    expect(step(late, { health: healthy(record, clock.now(), 150) }, clock).record.phase).toBe('Monitoring');
    clock.advance(5000);
    expect(step(late, { health: healthy(record, clock.now(), 150) }, clock).record.phase).toBe('Succeeded');
  });

  it('→ Failed when a first release is still unwell at the end of its window: nothing to roll back to', () => {
    const first = driveTo('Monitoring', clock, { live: null });
    clock.advance(first.policy.monitorWindowMs - 1);
    expect(step(first, { health: failing(first, clock.now(), 3) }, clock).record.phase).toBe('Monitoring');
    clock.advance(1);
    const d = step(first, { health: failing(first, clock.now(), 3) }, clock);
    expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.UnhealthyWithoutPrevious, finishedAt: clock.now().toISOString() });
    expect(d.record.message).toContain('no previous color to roll back to');
    // Traffic stays: the only color there is is live, so nothing is scaled down.
    expect(step(d.record, { routing: routing(first.service, first.toColor, clock.now()), environment: environment(first, clock.now()) }, clock).actions).toEqual([]);
  });

  it('leaves a release with a previous color to the rollback service, however unwell it is', () => {
    clock.advance(record.policy.monitorWindowMs + 10_000);
    expect(step(record, { health: failing(record, clock.now(), 3) }, clock).record.phase).toBe('Monitoring');
  });

  it('does not declare success without fresh good health: no snapshot, not yet sure, from a monitor gone quiet, or a failing last probe', () => {
    clock.advance(record.policy.monitorWindowMs + 10_000);
    const stale = healthy(record, new Date(clock.now().getTime() - Math.max(2000, 5 * record.policy.probe.intervalMs) - 1), 150);
    // Written just now, but from a probe of long ago (a monitor cut off from NATS, back).
    const oldProbe = { ...healthy(record, clock.now(), 150), lastProbe: stale.lastProbe };
    // Still called healthy, but the last probe failed: maybe the start of a breach.
    const failingNow = { ...healthy(record, clock.now(), 150), consecutiveSuccesses: 0, consecutiveFailures: 1 };
    for (const health of [undefined, healthy(record, clock.now(), 0), stale, oldProbe, failingNow]) {
      expect(step(record, health ? { health } : {}, clock)).toEqual({ record, changed: false, actions: [] });
    }
    expect(step(record, { health: healthy(record, clock.now(), 150) }, clock).record.phase).toBe('Succeeded');
  });
});
