import type {
  Color,
  ColorTraffic,
  Endpoint,
  EnvironmentState,
  HealthSnapshot,
  HealthTransition,
  Notification,
  ProbeResult,
} from '@cutover/contracts';
import { DEFAULT_POLICY, ManualClock } from '@cutover/core';
import { createLogger } from '@cutover/observability';
import { RUNTIME_PROBE_TARGET, WatchSet, type HealthSink, type Loop, type WatchSetDeps } from './watch-set';

class FakeLoop implements Loop {
  running = false;
  constructor(
    readonly intervalMs: number,
    readonly round: () => Promise<void>,
  ) {}
  start() {
    this.running = true;
  }
  stop() {
    this.running = false;
  }
}

class RecordingSink implements HealthSink {
  snapshots: HealthSnapshot[] = [];
  transitions: HealthTransition[] = [];
  removals: string[] = [];
  warnings: Notification[] = [];
  async snapshot(s: HealthSnapshot) {
    this.snapshots.push(s);
  }
  async transition(t: HealthTransition) {
    this.transitions.push(t);
  }
  async removed(service: string, color: Color) {
    this.removals.push(`${service}.${color}`);
  }
  async warning(n: Notification) {
    this.warnings.push(n);
  }
}

const idle: ColorTraffic = { requests: 0, errors5xx: 0, upstreamFailures: 0, latency: { boundsMs: [10], counts: [0, 0] } };

describe('WatchSet', () => {
  let clock: ManualClock;
  let sink: RecordingSink;
  let loops: Map<string, FakeLoop>;
  let probed: string[];
  let answer: (endpoint: Endpoint) => Promise<ProbeResult>;
  let warnings: string[];
  let checked: string[];
  let set: WatchSet;
  let deps: WatchSetDeps;

  const env = (over: Partial<EnvironmentState> = {}): EnvironmentState => ({
    service: 'checkout',
    color: 'blue',
    version: '1.0.0',
    specHash: 'abc',
    status: 'ready',
    reason: 'Ready',
    message: 'ready',
    endpoints: [
      { host: '127.0.0.1', port: 41001 },
      { host: '127.0.0.1', port: 41002 },
    ],
    exits: [],
    updatedAt: clock.now().toISOString(),
    ...over,
  });
  const status = (status: number) => async (e: Endpoint): Promise<ProbeResult> => ({
    at: clock.now().toISOString(),
    target: `http://${e.host}:${e.port}/healthz`,
    ok: status === 200,
    status,
  });
  const loop = (key = 'checkout.blue') => loops.get(key)!;

  beforeEach(() => {
    clock = new ManualClock();
    sink = new RecordingSink();
    loops = new Map();
    probed = [];
    warnings = [];
    checked = [];
    answer = status(200);
    deps = {
      clock,
      policyFor: (service) => (service === 'checkout' ? DEFAULT_POLICY : null),
      prober: {
        probe: (endpoint, spec) => {
          probed.push(`${endpoint.port}${spec.path}`);
          return answer(endpoint);
        },
      },
      checker: {
        check: async (_settings, check, env) => {
          checked.push(`${check.name}@${env.color}`);
          return { at: clock.now().toISOString(), target: `prometheus:${check.name}`, kind: 'prometheus', ok: true, value: 1 };
        },
      },
      loop: (intervalMs, round) => {
        const l = new FakeLoop(intervalMs, round);
        loops.set(`checkout.${loops.size === 0 ? 'blue' : 'green'}`, l);
        return l;
      },
      probeBy: 'http',
      sink,
      log: createLogger('test', { sink: (line) => warnings.push(line) }),
    };
    set = new WatchSet(deps);
  });

  it('probes every endpoint of a ready environment each round at the policy interval and publishes a snapshot', async () => {
    await set.applyEnvironment(env());
    expect(loop()).toMatchObject({ running: true, intervalMs: DEFAULT_POLICY.probe.intervalMs });
    await loop().round();
    expect(probed).toEqual(['41001/healthz', '41002/healthz']);
    await loop().round();
    expect(sink.snapshots.map((s) => s.state)).toEqual(['unknown', 'healthy']);
    expect(sink.transitions).toMatchObject([{ service: 'checkout', color: 'blue', from: 'unknown', to: 'healthy' }]);
    expect(set.snapshots()).toMatchObject([{ service: 'checkout', color: 'blue', state: 'healthy', consecutiveSuccesses: 2 }]);
  });

  it('judged by the runtime, counts each round of a ready environment as passing without HTTP, and a failed one as unhealthy', async () => {
    set = new WatchSet({ ...deps, probeBy: 'runtime' });
    await set.applyEnvironment(env({ endpoints: [] }));
    await loop().round();
    await loop().round();
    expect(probed).toEqual([]);
    expect(set.snapshots()).toMatchObject([{ state: 'healthy', consecutiveSuccesses: 2, lastProbe: { ok: true, target: RUNTIME_PROBE_TARGET } }]);
    await set.applyEnvironment(env({ status: 'failed', reason: 'PodsNotReady', message: '0 of 2 pods ready' }));
    await loop().round();
    expect(probed).toEqual([]);
    expect(sink.transitions.map((t) => t.to)).toEqual(['healthy', 'unhealthy']);
    expect(sink.transitions[1]!.reason).toMatch(/^PodsNotReady/);
  });

  it('does not probe a starting environment but still reports it as unknown', async () => {
    await set.applyEnvironment(env({ status: 'starting', reason: 'Starting', endpoints: [] }));
    await loop().round();
    expect(probed).toEqual([]);
    expect(sink.snapshots).toMatchObject([{ state: 'unknown', lastProbe: null }]);
    await set.applyEnvironment(env());
    await loop().round();
    expect(probed).toHaveLength(2);
  });

  it('fails a ready environment that lists no endpoints', async () => {
    await set.applyEnvironment(env({ endpoints: [] }));
    await loop().round();
    expect(sink.snapshots[0]!.lastProbe).toMatchObject({ ok: false, target: 'checkout.blue', error: 'the environment is ready but lists no endpoints' });
  });

  it('reports an environment first seen as failed unhealthy at once', async () => {
    await set.applyEnvironment(env({ status: 'failed', reason: 'ProcessExited', message: 'instance 0 exited with code 1 unexpectedly' }));
    expect(sink.transitions).toMatchObject([{ from: 'unknown', to: 'unhealthy', reason: 'ProcessExited: instance 0 exited with code 1 unexpectedly' }]);
    await loop().round();
    expect(probed).toEqual([]);
  });

  it('stops watching a stopped environment, deletes its snapshot and drops a round still in flight', async () => {
    await set.applyEnvironment(env());
    const pending: (() => void)[] = [];
    answer = (e) => new Promise((resolve) => pending.push(() => void status(500)(e).then(resolve)));
    const inFlight = loop().round();
    await set.applyEnvironment(env({ status: 'stopped', reason: 'ScaledDown', endpoints: [] }));
    pending.forEach((release) => release());
    await inFlight;
    expect(loop().running).toBe(false);
    expect(sink.removals).toEqual(['checkout.blue']);
    expect(sink.snapshots).toEqual([]);
    expect(set.snapshots()).toEqual([]);
  });

  it('ignores services it has no policy for, warning once', async () => {
    await set.applyEnvironment(env({ service: 'unknown-app' }));
    await set.applyEnvironment(env({ service: 'unknown-app', color: 'green' }));
    expect(loops.size).toBe(0);
    expect(set.snapshots()).toEqual([]);
    expect(warnings.filter((l) => l.includes('"unknown-app"'))).toHaveLength(1);
  });

  it('feeds each color the traffic the router counted for it', async () => {
    await set.applyEnvironment(env());
    await set.applyEnvironment(env({ color: 'green' }));
    const failing: ColorTraffic = { requests: 50, errors5xx: 10, upstreamFailures: 0, latency: { boundsMs: [10], counts: [50, 50] } };
    await set.applyTraffic({ service: 'checkout', liveColor: 'green', intervalMs: 250, blue: idle, green: failing });
    expect(sink.transitions).toMatchObject([{ color: 'green', to: 'degraded' }]);
    expect(sink.transitions[0]!.reason).toMatch(/^ErrorRateAboveThreshold: 10 of 50/);
    expect(set.snapshots().find((s) => s.color === 'blue')!.traffic).toBeUndefined();
  });

  it('evaluates the Prometheus checks at their own interval, not every probe round', async () => {
    const prometheus = { url: 'http://127.0.0.1:9090', intervalMs: 1_000, timeoutMs: 500, checks: [{ name: 'success-rate', query: 'q', min: 0.99 }] };
    set = new WatchSet({ ...deps, policyFor: () => ({ ...DEFAULT_POLICY, prometheus }) });
    await set.applyEnvironment(env());
    for (let i = 0; i < 6; i++) {
      await loop().round();
      clock.advance(200);
    }
    expect(checked).toEqual(['success-rate@blue', 'success-rate@blue']);
    expect(set.snapshots()[0]).toMatchObject({ state: 'healthy', checks: [{ target: 'prometheus:success-rate', value: 1 }] });
  });

  it('sends a warning notification once per breach of a warn threshold, without a transition', async () => {
    set = new WatchSet({ ...deps, policyFor: () => ({ ...DEFAULT_POLICY, traffic: { ...DEFAULT_POLICY.traffic, warnErrorRate: 0.01 } }) });
    await set.applyEnvironment(env());
    await loop().round();
    await loop().round();
    const some: ColorTraffic = { requests: 100, errors5xx: 3, upstreamFailures: 0, latency: { boundsMs: [10], counts: [100, 100] } };
    await set.applyTraffic({ service: 'checkout', liveColor: 'blue', intervalMs: 250, blue: some, green: idle });
    await set.applyTraffic({ service: 'checkout', liveColor: 'blue', intervalMs: 250, blue: some, green: idle });
    expect(sink.warnings).toEqual([
      { service: 'checkout', level: 'warning', title: 'checkout blue (1.0.0): traffic.warnErrorRate breached', text: expect.stringMatching(/^ErrorRateAboveThreshold: 3 of 100/) },
    ]);
    expect(sink.transitions.map((t) => t.to)).toEqual(['healthy']);
  });

  it('does not hold probe rounds up for a slow Prometheus, nor start checks while earlier ones still run', async () => {
    const prometheus = { url: 'http://127.0.0.1:9090', intervalMs: 200, timeoutMs: 5_000, checks: [{ name: 'rate', query: 'q', min: 1 }] };
    let calls = 0;
    set = new WatchSet({ ...deps, checker: { check: () => (calls++, new Promise(() => undefined)) }, policyFor: () => ({ ...DEFAULT_POLICY, prometheus }) });
    await set.applyEnvironment(env());
    for (let i = 0; i < 4; i++) {
      await loop().round();
      clock.advance(500);
    }
    expect(probed).toHaveLength(8);
    expect(calls).toBe(1);
    expect(set.snapshots()[0]!.state).toBe('unknown');
  });
});
