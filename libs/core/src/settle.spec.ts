import type { DeploymentRecord } from '@cutover/contracts';
import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { abort } from './verbs';
import { beginRollback, completeRollback, failRollback } from './rollback';
import { driveTo, environment, routing, step } from '../test/fixtures';

const ok = (r: ReturnType<typeof abort>): DeploymentRecord => {
  if (!r.ok) throw new Error(r.message);
  return r.record;
};

describe('reconcile after the end', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  describe('Succeeded', () => {
    it('keeps the previous color warm during the scale-down delay, then scales it down once', () => {
      const record = driveTo('Succeeded', clock);
      clock.advance(record.policy.scaleDownDelayMs - 1);
      expect(step(record, { routing: routing(record.service, 'green', clock.now()) }, clock)).toEqual({ record, changed: false, actions: [] });
      clock.advance(1);
      const d = step(record, { routing: routing(record.service, 'green', clock.now()) }, clock);
      expect(d.changed).toBe(true);
      expect(d.record).toMatchObject({ phase: 'Succeeded', previousScaledDown: true, updatedAt: clock.now().toISOString() });
      expect(d.record.history).toEqual(record.history);
      expect(d.actions).toEqual([{ kind: 'scaleDown', color: 'blue', reason: expect.stringContaining('kept warm 30000 ms') }]);
      expect(step(d.record, { routing: routing(record.service, 'green', clock.advance(1000)) }, clock).actions).toEqual([]);
    });

    it('asks again while the previous color is still seen running: the runtime may have missed the first request', () => {
      const record = driveTo('Succeeded', clock);
      clock.advance(record.policy.scaleDownDelayMs);
      const asked = step(record, { routing: routing(record.service, 'green', clock.now()) }, clock).record;
      const blue = (status: 'ready' | 'stopped') => environment(record, clock.now(), { color: 'blue', version: '1.0.0', status });
      const again = step(asked, { routing: routing(record.service, 'green', clock.advance(3000)), previousEnvironment: blue('ready') }, clock);
      expect(again).toEqual({ record: asked, changed: false, actions: [expect.objectContaining({ kind: 'scaleDown', color: 'blue' })] });
      expect(step(asked, { routing: routing(record.service, 'green', clock.now()), previousEnvironment: blue('stopped') }, clock).actions).toEqual([]);
    });

    it('has nothing to scale down after a first release', () => {
      const record = driveTo('Succeeded', clock, { live: null });
      clock.advance(record.policy.scaleDownDelayMs);
      expect(step(record, {}, clock)).toEqual({ record, changed: false, actions: [] });
    });

    it('never scales down the previous color while it is live', () => {
      const record = driveTo('Succeeded', clock);
      clock.advance(record.policy.scaleDownDelayMs);
      expect(step(record, { routing: routing(record.service, 'blue', clock.now()) }, clock)).toEqual({ record, changed: false, actions: [] });
    });
  });

  describe('Failed and Aborted', () => {
    it('keeps scaling the new color down while it is seen running, then stops', () => {
      const record = ok(abort(driveTo('Verifying', clock), 'ana', 'wrong build', clock.advance(10)));
      const up = environment(record, clock.advance(100));
      const d = step(record, { environment: up }, clock);
      expect(d).toEqual({ record, changed: false, actions: [{ kind: 'scaleDown', color: 'green', reason: expect.stringContaining('Aborted (AbortedByUser)') }] });
      for (const status of ['stopping', 'stopped'] as const) {
        expect(step(record, { environment: { ...up, status } }, clock).actions).toEqual([]);
      }
      expect(step(record, {}, clock).actions).toEqual([]);
    });

    it('scales down a failed environment too', () => {
      const record = driveTo('Preparing', clock);
      const failed = step(record, { environment: environment(record, clock.advance(100), { status: 'failed' }) }, clock).record;
      expect(step(failed, { environment: environment(record, clock.now(), { status: 'failed' }) }, clock).actions).toEqual([
        expect.objectContaining({ kind: 'scaleDown', color: 'green' }),
      ]);
    });

    it('leaves everything running after a failed rollback, for a human to look', () => {
      const rolling = ok(beginRollback(driveTo('Monitoring', clock), 'errors', clock.advance(10)));
      const failed = ok(failRollback(rolling, 'switcher unreachable', clock.advance(10)));
      expect(failed.reason).toBe(Reasons.RollbackFailed);
      expect(step(failed, { environment: environment(failed, clock.advance(60_000)) }, clock).actions).toEqual([]);
    });
  });

  describe('RollingBack', () => {
    it('is left alone: the rollback service owns it', () => {
      const rolling = ok(beginRollback(driveTo('Monitoring', clock), 'errors', clock.advance(10)));
      clock.advance(3_600_000);
      const d = step(rolling, { environment: environment(rolling, clock.now()), routing: routing(rolling.service, 'green', clock.now()) }, clock);
      expect(d).toEqual({ record: rolling, changed: false, actions: [] });
    });
  });

  describe('RolledBack', () => {
    it('keeps the failed color for diagnostics during the scale-down delay, then scales it down', () => {
      const rolling = ok(beginRollback(driveTo('Monitoring', clock), 'errors', clock.advance(10)));
      const record = ok(completeRollback(rolling, clock.advance(100)));
      const up = environment(record, clock.now());
      const back = routing(record.service, 'blue', clock.now());
      clock.advance(record.policy.scaleDownDelayMs - 1);
      expect(step(record, { environment: up, routing: back }, clock).actions).toEqual([]);
      clock.advance(1);
      const d = step(record, { environment: up, routing: back }, clock);
      expect(d).toEqual({ record, changed: false, actions: [{ kind: 'scaleDown', color: 'green', reason: expect.stringContaining('RolledBack') }] });
      expect(step(record, { environment: { ...up, status: 'stopped' }, routing: back }, clock).actions).toEqual([]);
    });

    it('does not scale down the new color if traffic is still on it', () => {
      const rolling = ok(beginRollback(driveTo('Monitoring', clock), 'errors', clock.advance(10)));
      const record = ok(completeRollback(rolling, clock.advance(100)));
      clock.advance(record.policy.scaleDownDelayMs);
      expect(step(record, { environment: environment(record, clock.now()), routing: routing(record.service, 'green', clock.now()) }, clock).actions).toEqual([]);
    });
  });
});
