import type { ColorTraffic, EnvironmentState, HealthTransition, Policy, ProbeResult } from '@cutover/contracts';
import { DEFAULT_POLICY, ManualClock } from '@cutover/core';
import { HealthWindow } from './health-window';
import type { ProbeRound } from './probe-streak';

const policy: Policy = {
  ...DEFAULT_POLICY,
  probe: { ...DEFAULT_POLICY.probe, path: '/', failureThreshold: 3, successThreshold: 2 },
  traffic: { maxErrorRate: 0.05, minRequests: 20, windowMs: 1_000 },
  // The in-a-row rules alone; the windowed ones have their own tests below.
  health: { ...DEFAULT_POLICY.health!, minSuccessRate: 0 },
};
const TARGET = 'http://127.0.0.1:41001/';
const OTHER = 'http://127.0.0.1:41002/';

describe('HealthWindow', () => {
  let clock: ManualClock;
  let window: HealthWindow;
  let transitions: HealthTransition[];

  const env = (over: Partial<EnvironmentState> = {}): EnvironmentState => ({
    service: 'checkout',
    color: 'green',
    version: '1.0.0',
    specHash: 'abc',
    status: 'ready',
    reason: 'Ready',
    message: '1 instance(s) of 1.0.0 ready',
    endpoints: [{ host: '127.0.0.1', port: 41001 }],
    exits: [],
    updatedAt: clock.now().toISOString(),
    ...over,
  });
  const probe = (ok: boolean, target = TARGET): ProbeResult => ({
    at: clock.advance(200).toISOString(),
    target,
    ok,
    status: ok ? 200 : 500,
    latencyMs: 2,
  });
  const keep = (t: HealthTransition | null) => {
    if (t) transitions.push(t);
    return t;
  };
  const round = (...results: boolean[]) => keep(window.recordRound(results.map((ok) => probe(ok)) as unknown as ProbeRound));
  const rounds = (...outcomes: boolean[]) => outcomes.forEach((ok) => round(ok));
  const traffic = (requests: number, errors5xx: number, upstreamFailures = 0, counts = [requests, requests, requests]): ColorTraffic => ({
    requests,
    errors5xx,
    upstreamFailures,
    latency: { boundsMs: [10, 100], counts },
  });
  const states = () => transitions.map((t) => `${t.from}->${t.to}`);

  beforeEach(() => {
    clock = new ManualClock();
    transitions = [];
    window = new HealthWindow('checkout', 'green', policy, env(), clock);
  });

  it('starts unknown and turns healthy after successThreshold successes in a row', () => {
    expect(window.snapshot()).toMatchObject({ state: 'unknown', version: '1.0.0', lastProbe: null, consecutiveSuccesses: 0 });
    expect(round(true)).toBeNull();
    const t = round(true);
    expect(t).toMatchObject({ from: 'unknown', to: 'healthy', reason: '2 consecutive probe successes', version: '1.0.0' });
    expect(t?.firstFailureAt).toBeUndefined();
    expect(t?.snapshot).toMatchObject({ state: 'healthy', consecutiveSuccesses: 2, lastProbe: { ok: true, target: TARGET } });
  });

  it('does not degrade on failures among successes, only on failureThreshold in a row', () => {
    rounds(true, true, false, true, false, false, true, false, true);
    expect(states()).toEqual(['unknown->healthy']);
    expect(window.snapshot()).toMatchObject({ state: 'healthy', consecutiveSuccesses: 1, consecutiveFailures: 0 });

    const firstFailureAt = probe(false).at;
    keep(window.recordRound([{ at: firstFailureAt, target: TARGET, ok: false, status: 500 }]));
    rounds(false);
    expect(window.health).toBe('healthy');
    const t = round(false);
    expect(t).toMatchObject({
      from: 'healthy',
      to: 'degraded',
      reason: `3 consecutive probe failures: GET ${TARGET} → 500`,
      firstFailureAt,
    });
    expect(t?.snapshot.recentFailures).toHaveLength(7);
  });

  it('counts a round as failed when any endpoint fails', () => {
    rounds(true, true);
    round(true, false);
    round(false, true);
    expect(round(true, false)).toMatchObject({ to: 'degraded' });
  });

  it('recovers from degraded only after successThreshold successes in a row', () => {
    rounds(true, true, false, false, false);
    expect(window.health).toBe('degraded');
    rounds(true, false, true);
    expect(window.health).toBe('degraded');
    const t = round(true);
    expect(t).toMatchObject({ from: 'degraded', to: 'healthy', reason: '2 consecutive probe successes' });
    expect(t?.firstFailureAt).toBeUndefined();
    expect(states()).toEqual(['unknown->healthy', 'healthy->degraded', 'degraded->healthy']);
  });

  it('is unhealthy when every endpoint fails for twice the failure threshold, not when some still answer', () => {
    window.observeEnvironment(env({ endpoints: [{ host: '127.0.0.1', port: 41001 }, { host: '127.0.0.1', port: 41002 }] }));
    rounds(true, true);
    for (let i = 0; i < 6; i++) round(true, false);
    expect(window.health).toBe('degraded');
    for (let i = 0; i < 5; i++) round(false, false);
    expect(window.health).toBe('degraded');
    const t = round(false, false);
    expect(t).toMatchObject({ from: 'degraded', to: 'unhealthy' });
    expect(t?.reason).toBe(`6 consecutive probe rounds failed on every endpoint: GET ${TARGET} → 500`);
    expect(round(true, false)).toMatchObject({ from: 'unhealthy', to: 'degraded' });
  });

  it('keeps the last 20 failures, newest last', () => {
    const failures: ProbeResult[] = [];
    for (let i = 0; i < 25; i++) {
      const f = { ...probe(false), target: `${OTHER}${i}` };
      failures.push(f);
      window.recordRound([f]);
    }
    expect(window.snapshot().recentFailures).toEqual(failures.slice(-20));
  });

  describe('live traffic', () => {
    beforeEach(() => rounds(true, true));

    it('degrades at once when the error rate is above the threshold with enough requests', () => {
      expect(keep(window.recordTraffic(traffic(19, 19)))).toBeNull();
      clock.advance(100);
      const t = keep(window.recordTraffic(traffic(21, 1, 1)));
      expect(t).toMatchObject({ from: 'healthy', to: 'degraded' });
      expect(t?.reason).toBe(
        'ErrorRateAboveThreshold: 21 of 40 live requests failed in the last 1000 ms (52.5% > 5.0%; 20 5xx, 1 upstream failures)',
      );
      expect(t?.firstFailureAt).toBe('2025-01-01T00:00:00.400Z');
      expect(t?.snapshot.traffic).toMatchObject({ requests: 40, errorRate: 0.525 });
    });

    it('ignores an error rate at the threshold or below minRequests', () => {
      keep(window.recordTraffic(traffic(100, 5)));
      expect(window.health).toBe('healthy');
      window = new HealthWindow('checkout', 'green', policy, env(), clock);
      rounds(true, true);
      keep(window.recordTraffic(traffic(19, 19)));
      expect(window.health).toBe('healthy');
      expect(window.snapshot().traffic).toMatchObject({ requests: 19, errorRate: 1 });
    });

    it('recovers once the errors left the window and probes pass again', () => {
      keep(window.recordTraffic(traffic(40, 40)));
      expect(window.health).toBe('degraded');
      round(true);
      expect(window.health).toBe('degraded');
      clock.advance(1_000);
      expect(window.snapshot().traffic).toBeUndefined();
      expect(round(true)).toMatchObject({ from: 'degraded', to: 'healthy' });
    });

    it('reports p95 and p99 latency from the histograms in the window', () => {
      window.recordTraffic(traffic(50, 0, 0, [50, 50, 50]));
      window.recordTraffic(traffic(50, 0, 0, [0, 50, 50]));
      const { traffic: figures } = window.snapshot();
      expect(figures?.p95Ms).toBeCloseTo(91);
      expect(figures?.p99Ms).toBeCloseTo(98.2);
    });
  });

  describe('the runtime', () => {
    it('makes the environment unhealthy at once when its process exits', () => {
      rounds(true, true);
      const exitAt = clock.advance(50).toISOString();
      const message = 'instance 0 (pid 4242, port 41001) exited with code 3 unexpectedly; last stderr line: boom';
      const t = keep(
        window.observeEnvironment(
          env({
            status: 'failed',
            reason: 'ProcessExited',
            message,
            exits: [{ instance: 0, pid: 4242, at: exitAt, code: 3, signal: null, expected: false, stderrTail: ['boom'] }],
            updatedAt: clock.advance(5).toISOString(),
          }),
        ),
      );
      expect(t).toMatchObject({ from: 'healthy', to: 'unhealthy', reason: `ProcessExited: ${message}`, firstFailureAt: exitAt });
      expect(round(true)).toBeNull();
      expect(window.health).toBe('unhealthy');
    });

    it('is unknown while starting and ignores probe rounds then', () => {
      window = new HealthWindow('checkout', 'green', policy, env({ status: 'starting', reason: 'Starting' }), clock);
      expect(round(true)).toBeNull();
      expect(round(true)).toBeNull();
      expect(window.snapshot()).toMatchObject({ state: 'unknown', consecutiveSuccesses: 0 });
      keep(window.observeEnvironment(env()));
      rounds(true, true);
      expect(states()).toEqual(['unknown->healthy']);
    });

    it('starts over when the version changes: a new release inherits nothing', () => {
      rounds(true, true, false, false, false);
      window.recordTraffic(traffic(30, 3));
      const t = keep(window.observeEnvironment(env({ version: '1.1.0', status: 'starting', reason: 'Replacing' })));
      expect(t).toMatchObject({
        from: 'degraded',
        to: 'unknown',
        version: '1.1.0',
        reason: 'version changed from 1.0.0 to 1.1.0: earlier results no longer count',
      });
      expect(t?.snapshot).toMatchObject({ version: '1.1.0', consecutiveFailures: 0, lastProbe: null, recentFailures: [] });
      expect(t?.snapshot.traffic).toBeUndefined();
    });

    it('starts over on a new version even when it is already ready', () => {
      rounds(true, true);
      expect(keep(window.observeEnvironment(env({ version: '2.0.0' })))).toMatchObject({ from: 'healthy', to: 'unknown' });
      expect(round(false)).toBeNull();
      expect(window.snapshot()).toMatchObject({ state: 'unknown', version: '2.0.0', consecutiveFailures: 1 });
    });
  });

  describe('windowed thresholds', () => {
    const windowed = (health: Partial<NonNullable<Policy['health']>>, probeOver: Partial<Policy['probe']> = {}) =>
      new HealthWindow('checkout', 'green', { ...policy, probe: { ...policy.probe, ...probeOver }, health: { ...policy.health!, windowMs: 2_000, minSamples: 5, ...health } }, env(), clock);
    const timed = (ok: boolean, latencyMs: number) => keep(window.recordRound([{ ...probe(ok), latencyMs }]));

    it('degrades when too few rounds in the window pass, though never failureThreshold in a row, once minSamples are in', () => {
      window = windowed({ minSuccessRate: 0.7 });
      rounds(true, true, false, true);
      expect(window.health).toBe('healthy');
      const t = round(false);
      expect(t).toMatchObject({ from: 'healthy', to: 'degraded' });
      expect(t?.reason).toBe('SuccessRateBelowThreshold: 60.0% of 5 probe rounds passed in the last 2000 ms (< 70.0%)');
    });

    it('ignores the success rate below minSamples', () => {
      window = windowed({ minSuccessRate: 0.9, minSamples: 6 });
      rounds(true, true, false, true, false);
      expect(states()).toEqual(['unknown->healthy']);
    });

    it('degrades when the p95 probe latency in the window is above maxLatencyMs, and recovers when slow rounds leave it', () => {
      window = windowed({ maxLatencyMs: 50 });
      for (let i = 0; i < 4; i++) timed(true, 5);
      expect(window.health).toBe('healthy');
      const t = timed(true, 80);
      expect(t).toMatchObject({ to: 'degraded', reason: 'ProbeLatencyAboveThreshold: p95 of 5 probe rounds in the last 2000 ms is 80 ms > 50 ms' });
      expect(timed(true, 5)).toBeNull();
      clock.advance(2_000);
      expect(timed(true, 5)).toMatchObject({ from: 'degraded', to: 'healthy' });
    });

    it('fails a single probe slower than probe.maxLatencyMs like any failed probe', () => {
      window = windowed({}, { maxLatencyMs: 100 });
      rounds(true, true);
      const slow = { ...probe(true), ok: false, latencyMs: 150, error: 'answered in 150 ms, limit 100 ms' };
      for (let i = 0; i < 3; i++) keep(window.recordRound([slow]));
      expect(transitions.at(-1)?.reason).toBe(`3 consecutive probe failures: GET ${TARGET} → 200: answered in 150 ms, limit 100 ms`);
    });
  });

  describe('live traffic latency', () => {
    it('degrades the color when p99 of its live requests is above traffic.maxP99Ms', () => {
      window = new HealthWindow('checkout', 'green', { ...policy, traffic: { ...policy.traffic, maxP99Ms: 50 } }, env(), clock);
      rounds(true, true);
      expect(keep(window.recordTraffic(traffic(100, 0, 0, [100, 100, 100])))).toBeNull();
      const t = keep(window.recordTraffic(traffic(100, 0, 0, [0, 100, 100])));
      expect(t).toMatchObject({ to: 'degraded' });
      expect(t?.reason).toMatch(/^LatencyAboveThreshold: p99 of 200 live requests in the last 1000 ms is 9\d\.\d ms > 50 ms$/);
    });
  });

  describe('Prometheus checks', () => {
    const check = (value: number | undefined, ok = value !== undefined && value >= 0.99): ProbeResult => ({
      at: clock.advance(100).toISOString(),
      target: 'prometheus:success-rate',
      kind: 'prometheus',
      ok,
      ...(value === undefined ? { error: 'no data' } : { value }),
      ...(value !== undefined && !ok && { error: `${value} < min 0.99` }),
    });
    beforeEach(() => {
      window = new HealthWindow(
        'checkout',
        'green',
        { ...policy, prometheus: { url: 'http://127.0.0.1:9090', intervalMs: 1_000, timeoutMs: 500, checks: [{ name: 'success-rate', query: 'x', min: 0.99 }] } },
        env(),
        clock,
      );
    });

    it('stays unknown while a check has no data, however many probes pass', () => {
      rounds(true, true, true);
      keep(window.recordChecks([check(undefined)]));
      rounds(true);
      expect(window.health).toBe('unknown');
      keep(window.recordChecks([check(1)]));
      expect(states()).toEqual(['unknown->healthy']);
    });

    it('degrades after failureThreshold failed evaluations in a row; no data in between counts neither way', () => {
      keep(window.recordChecks([check(1)]));
      rounds(true, true);
      keep(window.recordChecks([check(0.5)]));
      keep(window.recordChecks([check(undefined)]));
      keep(window.recordChecks([check(0.6)]));
      expect(window.health).toBe('healthy');
      const t = keep(window.recordChecks([check(0.7)]));
      expect(t).toMatchObject({ to: 'degraded', reason: 'MetricCheckFailed: success-rate failed 3 time(s) in a row: 0.7 < min 0.99' });
      expect(t?.snapshot.checks).toMatchObject([{ target: 'prometheus:success-rate', value: 0.7 }]);
    });
  });

  describe('warning levels', () => {
    beforeEach(() => {
      window = new HealthWindow('checkout', 'green', { ...policy, traffic: { ...policy.traffic, warnErrorRate: 0.01 } }, env(), clock);
      rounds(true, true);
    });

    it('warns once per breach without changing the state, and again after the figure recovered', () => {
      keep(window.recordTraffic(traffic(100, 2)));
      keep(window.recordTraffic(traffic(100, 3)));
      expect(window.health).toBe('healthy');
      const warnings = window.takeWarnings();
      expect(warnings).toEqual([
        { threshold: 'traffic.warnErrorRate', text: expect.stringMatching(/^ErrorRateAboveThreshold: 2 of 100 live requests failed .*\(2\.0% > 1\.0%/) },
      ]);
      expect(window.takeWarnings()).toEqual([]);
      clock.advance(1_000);
      keep(window.recordTraffic(traffic(100, 0)));
      keep(window.recordTraffic(traffic(100, 5)));
      expect(window.takeWarnings()).toHaveLength(1);
      expect(states()).toEqual(['unknown->healthy']);
    });
  });
});
