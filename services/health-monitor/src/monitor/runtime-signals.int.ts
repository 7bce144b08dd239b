// Runtime signals reach the health state: the real runtimes' environment states feed a watch
// set (as the runtime's bucket does in production). Locally a process that exits makes its
// color unhealthy; on Kubernetes (a real control plane, kwok nodes) pods that stop being
// ready do, judged by the runtime without reaching the pods over the network.
import { join } from 'node:path';
import type { Color, HealthTransition, Notification, Policy } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { DEFAULT_POLICY, systemClock } from '@cutover/core';
import { createLogger } from '@cutover/observability';
import { KubernetesRuntime, LocalRuntime, type Runtime } from '@cutover/runtime';
import { startTestCluster, waitFor, type TestCluster } from '@cutover/testkit';
import { EndpointProber } from '../probes/endpoint-prober';
import { ProbeScheduler } from '../probes/probe-scheduler';
import { PrometheusProber } from '../probes/prometheus-prober';
import { WatchSet, type HealthSink } from './watch-set';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');
const policy: Policy = { ...DEFAULT_POLICY, readinessTimeoutMs: 60_000, probe: { ...DEFAULT_POLICY.probe, intervalMs: 100 } };
const log = createLogger('test', { level: 'error' });

class Transitions implements HealthSink {
  readonly seen: HealthTransition[] = [];
  async snapshot() {}
  async transition(t: HealthTransition) {
    this.seen.push(t);
  }
  async removed() {}
  async warning(_n: Notification) {}
}

function watch(runtime: Runtime, probeBy: 'http' | 'runtime') {
  const sink = new Transitions();
  const prober = new EndpointProber(systemClock);
  const scheduler = new ProbeScheduler({ maxConcurrent: 8, onError: () => undefined });
  const set = new WatchSet({
    clock: systemClock,
    policyFor: () => policy,
    prober,
    checker: new PrometheusProber(systemClock),
    probeBy,
    loop: (intervalMs, round) => scheduler.loop(intervalMs, round),
    sink,
    log,
  });
  const off = runtime.onChange((s) => void set.applyEnvironment(s));
  const reached = (color: Color, to: HealthTransition['to'], timeoutMs = 20_000) =>
    waitFor(() => sink.seen.some((t) => t.color === color && t.to === to), { timeoutMs, what: `${color} ${to}` }).then(
      () => sink.seen.find((t) => t.color === color && t.to === to)!,
    );
  return {
    reached,
    close: () => {
      off();
      set.close();
      scheduler.close();
      prober.close();
    },
  };
}

describe('runtime signals, local runtime', () => {
  const service: ServiceConfig = {
    name: 'app',
    command: [process.execPath, DEMO],
    cwd: ROOT,
    instances: 1,
    env: {},
    readinessPath: '/healthz',
    stopGracePeriodMs: 2_000,
    router: { host: '127.0.0.1', port: 1 },
    image: null,
    kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: {}, podLabelsFromEnv: {} },
    policy,
  };

  it('makes the color unhealthy at once when its process exits', async () => {
    const runtime = new LocalRuntime({ services: { app: service }, log });
    const monitor = watch(runtime, 'http');
    try {
      await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
      await monitor.reached('blue', 'healthy');
      const [{ pid }] = (await runtime.diagnostics('app', 'blue')).details.processes as unknown as [{ pid: number }];
      process.kill(pid, 'SIGKILL');
      const unhealthy = await monitor.reached('blue', 'unhealthy');
      expect(unhealthy.reason).toMatch(/^ProcessExited: instance 0 \(pid \d+, port \d+\) was killed by SIGKILL unexpectedly/);
      expect(unhealthy.firstFailureAt).toBeDefined();
    } finally {
      monitor.close();
      await runtime.close();
    }
  }, 60_000);
});

describe('runtime signals, Kubernetes runtime', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
  }, 1_800_000);
  afterAll(async () => cluster?.stop(), 120_000);

  it('makes the color unhealthy when its pods stop being ready', async () => {
    const service: ServiceConfig = {
      name: 'fading',
      command: [],
      cwd: '/',
      instances: 2,
      env: {},
      image: 'registry.example/fading:1',
      readinessPath: '/healthz',
      stopGracePeriodMs: 1_000,
      router: { host: '127.0.0.1', port: 80 },
      kubernetes: { replicas: 2, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: { pods: '4' }, podLabelsFromEnv: {} },
      policy,
    };
    const runtime = await KubernetesRuntime.connect({
      services: { fading: service },
      settings: { kind: 'kubernetes', kubeconfig: cluster.kubeconfig, mode: 'label', namespacePrefix: 'health-' },
      log,
      poll: { activeMs: 200, settledMs: 500 },
    });
    const monitor = watch(runtime, 'runtime');
    try {
      await runtime.start();
      await runtime.ensure({ service: 'fading', color: 'green', version: '1.0.0', env: {} });
      await monitor.reached('green', 'healthy', 90_000);
      await cluster.kubectl('-n', 'health-fading', 'label', 'pods', '-l', 'cutover.dev/color=green', 'cutover.dev/unready=true', '--overwrite');
      const unhealthy = await monitor.reached('green', 'unhealthy');
      expect(unhealthy.reason).toMatch(/^(PodsNotReady|ReadinessProbeFailed)/);
    } finally {
      monitor.close();
      await runtime.close();
    }
  }, 180_000);
});
