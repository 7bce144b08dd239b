import { ManualClock } from './clock';
import { Reasons } from './reasons';
import { driveTo, environment, newDeployment, routing, step } from '../test/fixtures';

describe('reconcile: Requested and Preparing', () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock()));

  it('Requested → Preparing, asking the runtime for the release on the idle color', () => {
    const record = newDeployment(clock, { env: { FAULT: 'none' } });
    clock.advance(10);
    const d = step(record, {}, clock);
    expect(d.changed).toBe(true);
    expect(d.record).toMatchObject({ phase: 'Preparing', reason: Reasons.EnvironmentStarting, phaseStartedAt: clock.now().toISOString() });
    expect(d.record.history.map((h) => h.phase)).toEqual(['Requested', 'Preparing']);
    expect(d.actions).toEqual([{ kind: 'ensureEnvironment', color: 'green', version: '1.1.0', env: { FAULT: 'none' } }]);
    expect(record.phase).toBe('Requested');
  });

  it('passes the image along when the release has one', () => {
    const record = { ...newDeployment(clock), image: 'registry/checkout:1.1.0' };
    expect(step(record, {}, clock).actions[0]).toMatchObject({ kind: 'ensureEnvironment', image: 'registry/checkout:1.1.0' });
  });

  describe('in Preparing', () => {
    let record: ReturnType<typeof newDeployment>;
    beforeEach(() => (record = driveTo('Preparing', clock)));

    it('re-asks for the environment while the runtime reports nothing', () => {
      clock.advance(500);
      const d = step(record, {}, clock);
      expect(d.changed).toBe(false);
      expect(d.record).toBe(record);
      expect(d.actions).toEqual([expect.objectContaining({ kind: 'ensureEnvironment', color: 'green' })]);
    });

    it('re-asks while the color runs another version, or this version with other settings, or is stopped', () => {
      const now = clock.advance(100);
      for (const env of [
        environment(record, now, { version: '1.0.0', specHash: 'aaaaaaaaaaaaaaaa' }),
        environment(record, now, { specHash: 'bbbbbbbbbbbbbbbb' }),
        environment(record, now, { status: 'stopped' }),
        environment(record, now, { status: 'stopping' }),
      ]) {
        const d = step(record, { environment: env }, clock);
        expect(d.changed).toBe(false);
        expect(d.actions).toEqual([expect.objectContaining({ kind: 'ensureEnvironment' })]);
      }
    });

    it('waits quietly while this release is starting', () => {
      const d = step(record, { environment: environment(record, clock.advance(100), { status: 'starting' }) }, clock);
      expect(d).toEqual({ record, changed: false, actions: [] });
    });

    it('→ Verifying once this release is ready', () => {
      const d = step(record, { environment: environment(record, clock.advance(100)) }, clock);
      expect(d.record).toMatchObject({ phase: 'Verifying', reason: Reasons.EnvironmentReady, verifyPasses: 0 });
      expect(d.actions).toEqual([]);
    });

    it('accepts an environment state without a hash when the version matches', () => {
      const d = step(record, { environment: environment(record, clock.advance(100), { specHash: null }) }, clock);
      expect(d.record.phase).toBe('Verifying');
    });

    it('→ Failed (EnvironmentFailed) when the release crashed on start, with the runtime\'s reason, and scales it down', () => {
      const now = clock.advance(100);
      const env = environment(record, now, {
        status: 'failed',
        reason: 'ProcessExited',
        message: 'instance 0 exited before it was ready',
        exits: [{ instance: 0, at: now.toISOString(), code: 3, signal: null, expected: false, stderrTail: ['Error: DATABASE_URL missing'] }],
      });
      const d = step(record, { environment: env }, clock);
      expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.EnvironmentFailed, finishedAt: now.toISOString() });
      expect(d.record.message).toContain('ProcessExited');
      expect(d.record.message).toContain('instance 0 exited before it was ready');
      expect(d.record.message).toContain('code 3, stderr: Error: DATABASE_URL missing');
      expect(d.actions).toEqual([{ kind: 'scaleDown', color: 'green', reason: expect.stringContaining('Failed') }]);
    });

    it('ignores a failure stamped before Preparing began (left over from an earlier run) and re-asks', () => {
      const stale = environment(record, new Date(Date.parse(record.phaseStartedAt) - 1), { status: 'failed' });
      clock.advance(100);
      const d = step(record, { environment: stale }, clock);
      expect(d.changed).toBe(false);
      expect(d.actions).toEqual([expect.objectContaining({ kind: 'ensureEnvironment' })]);
    });

    it('→ Failed (ReadinessTimeout) after readinessTimeoutMs, saying what the runtime last reported', () => {
      clock.advance(record.policy.readinessTimeoutMs - 1);
      const starting = environment(record, clock.now(), { status: 'starting', reason: 'Starting', message: 'waiting for GET /healthz' });
      expect(step(record, { environment: starting }, clock).changed).toBe(false);
      clock.advance(1);
      const d = step(record, { environment: starting }, clock);
      expect(d.record).toMatchObject({ phase: 'Failed', reason: Reasons.ReadinessTimeout });
      expect(d.record.message).toContain('within 30000 ms');
      expect(d.record.message).toContain('waiting for GET /healthz');
      expect(d.actions).toEqual([expect.objectContaining({ kind: 'scaleDown', color: 'green' })]);
    });

    it('reports a timeout with nothing from the runtime', () => {
      clock.advance(record.policy.readinessTimeoutMs);
      const d = step(record, {}, clock);
      expect(d.record.reason).toBe(Reasons.ReadinessTimeout);
      expect(d.record.message).toContain('the runtime reported nothing');
    });

    it('weighs evidence before the deadline: ready at the deadline still counts', () => {
      clock.advance(record.policy.readinessTimeoutMs + 5);
      expect(step(record, { environment: environment(record, clock.now()) }, clock).record.phase).toBe('Verifying');
    });

    it('never scales down a color that routing says is live', () => {
      clock.advance(record.policy.readinessTimeoutMs);
      const d = step(record, { routing: routing(record.service, 'green', clock.now()) }, clock);
      expect(d.record.phase).toBe('Failed');
      expect(d.actions).toEqual([]);
    });

    it('ignores the state of another service or color', () => {
      const now = clock.advance(100);
      for (const env of [environment(record, now, { color: 'blue' }), environment(record, now, { service: 'other' })]) {
        const d = step(record, { environment: env }, clock);
        expect(d.record.phase).toBe('Preparing');
        expect(d.actions).toEqual([expect.objectContaining({ kind: 'ensureEnvironment' })]);
      }
    });
  });
});
