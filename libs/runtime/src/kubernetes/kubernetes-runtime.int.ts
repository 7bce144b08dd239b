// The kubernetes runtime against a real control plane (deploy/testenv): kwok plays the
// nodes and, for pods labelled cutover.dev/fault, the failures.
import { AppsV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig, NetworkingV1Api } from '@kubernetes/client-node';
import type { EnvironmentState } from '@cutover/contracts';
import type { KubernetesMode, KubernetesRuntimeConfig, ServiceConfig } from '@cutover/config';
import { createLogger } from '@cutover/observability';
import { startTestCluster, waitFor, type TestCluster } from '@cutover/testkit';
import { KubernetesRuntime } from './kubernetes-runtime';
import { serviceConfig } from './testing/service-config';
import type { KubernetesDiagnosticsDetails } from './diagnostics';

// Long enough that failing at it would be noticed: every failure below must come well before.
const READINESS_TIMEOUT_MS = 60_000;
const FAST_MS = 20_000;

const service = (name: string, over: Parameters<typeof serviceConfig>[1] = {}): ServiceConfig =>
  serviceConfig(name, {
    image: 'registry.example/shop:1',
    ...over,
    kubernetes: { replicas: 2, podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT' }, ...over.kubernetes },
    policy: { readinessTimeoutMs: READINESS_TIMEOUT_MS, probe: { intervalMs: 200, failureThreshold: 3 }, ...over.policy },
  });

const SERVICES: Record<string, ServiceConfig> = {
  shop: service('shop'),
  stuck: service('stuck'),
  crashy: service('crashy'),
  pully: service('pully'),
  fading: service('fading'),
  watched: service('watched'),
  bare: service('bare', { image: null }),
  fenced: service('fenced', { kubernetes: { quota: { pods: '1' } } }),
};

let cluster: TestCluster;
let kc: KubeConfig;
const runtimes: KubernetesRuntime[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
}, 1_800_000);

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
  await cluster?.stop();
}, 120_000);

async function runtimeFor(mode: KubernetesMode, settledMs = 500): Promise<{ runtime: KubernetesRuntime; states: EnvironmentState[] }> {
  const settings: KubernetesRuntimeConfig = { kind: 'kubernetes', kubeconfig: cluster.kubeconfig, mode, namespacePrefix: `${mode}-` };
  const runtime = await KubernetesRuntime.connect({ services: SERVICES, settings, log: createLogger('test-runtime'), poll: { activeMs: 200, settledMs } });
  runtimes.push(runtime);
  const states: EnvironmentState[] = [];
  runtime.onChange((s) => states.push(s));
  await runtime.start();
  return { runtime, states };
}

async function until(runtime: KubernetesRuntime, name: string, color: 'blue' | 'green', what: (s: EnvironmentState) => boolean, timeoutMs = 60_000): Promise<EnvironmentState> {
  await waitFor(() => {
    const state = runtime.get(name, color);
    return !!state && what(state);
  }, { timeoutMs, what: `${name}.${color}: ${what.toString()}` });
  return runtime.get(name, color)!;
}

describe('KubernetesRuntime, label mode', () => {
  let runtime: KubernetesRuntime;
  let states: EnvironmentState[];

  beforeAll(async () => {
    ({ runtime, states } = await runtimeFor('label'));
  });

  it('runs a release as <svc>-<color>: ready with both pods as endpoints, and a preview Service once ready', async () => {
    const first = await runtime.ensure({ service: 'shop', color: 'blue', version: '1.0.0', env: { GREETING: 'hi' } });
    expect(first).toMatchObject({ status: 'starting', version: '1.0.0' });
    const ready = await until(runtime, 'shop', 'blue', (s) => s.status === 'ready');
    expect(ready).toMatchObject({ version: '1.0.0', reason: 'Ready', message: '2 pod(s) of 1.0.0 ready', specHash: first.specHash });
    expect(ready.endpoints).toHaveLength(2);
    expect(ready.endpoints.every((e) => e.host.startsWith('10.244.') && e.port === 8080)).toBe(true);

    const apps = kc.makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ namespace: 'label-shop', name: 'shop-blue' });
    expect(deployment.metadata!.annotations).toMatchObject({ 'cutover.dev/version': '1.0.0', 'cutover.dev/spec-hash': first.specHash });
    const env = deployment.spec!.template.spec!.containers[0]!.env!;
    expect(env).toEqual(expect.arrayContaining([{ name: 'GREETING', value: 'hi' }, { name: 'COLOR', value: 'blue' }, { name: 'VERSION', value: '1.0.0' }]));

    const discovery = kc.makeApiClient(DiscoveryV1Api);
    await waitFor(async () => {
      const slices = await discovery.listNamespacedEndpointSlice({ namespace: 'label-shop', labelSelector: 'kubernetes.io/service-name=shop-blue-preview' });
      const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
      return ready.length === 2 && ready.every((e) => e.targetRef?.name?.startsWith('shop-blue-'));
    }, { timeoutMs: 15_000, what: 'the preview Service to list the two blue pods' });
  });

  it('takes a retried ensure of the same release as a no-op', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const before = await apps.readNamespacedDeployment({ namespace: 'label-shop', name: 'shop-blue' });
    const again = await runtime.ensure({ service: 'shop', color: 'blue', version: '1.0.0', env: { GREETING: 'hi' } });
    expect(again.status).toBe('ready');
    const after = await apps.readNamespacedDeployment({ namespace: 'label-shop', name: 'shop-blue' });
    expect(after.metadata!.resourceVersion).toBe(before.metadata!.resourceVersion);
  });

  it('a new runtime adopts what runs in the cluster, without being asked', async () => {
    const { runtime: second, states: adopted } = await runtimeFor('label');
    expect(second.get('shop', 'blue')).toMatchObject({ status: 'ready', version: '1.0.0', endpoints: expect.arrayContaining([expect.objectContaining({ port: 8080 })]) });
    expect(adopted.some((s) => s.service === 'shop' && s.color === 'blue' && s.status === 'ready')).toBe(true);
    expect(second.get('shop', 'green')).toBeNull();
    await second.close();
  });

  it('fails fast with ReadinessProbeFailed when the pods never become ready', async () => {
    const started = Date.now();
    await runtime.ensure({ service: 'stuck', color: 'green', version: '3.0.0', env: { SIMULATED_FAULT: 'never-ready' } });
    const failed = await until(runtime, 'stuck', 'green', (s) => s.status === 'failed', FAST_MS);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(failed.reason).toBe('ReadinessProbeFailed');
    expect(failed.message).toMatch(/^pod stuck-green-[a-z0-9]+-[a-z0-9]+: the readiness probe failed/);
  });

  it('fails fast with CrashLoopBackOff, naming the pod, the restarts and the last exit', async () => {
    await runtime.ensure({ service: 'crashy', color: 'green', version: '3.1.0', env: { SIMULATED_FAULT: 'crashloop' } });
    const failed = await until(runtime, 'crashy', 'green', (s) => s.status === 'failed', FAST_MS);
    expect(failed.reason).toBe('CrashLoopBackOff');
    expect(failed.message).toMatch(/^pod crashy-green-\S+: container crashy is waiting: CrashLoopBackOff .*restart.*last exit: code 1 \(Error\)/);
  });

  it('diagnoses a crash loop: container states, restart counts, events, and why there are no logs', async () => {
    const { details } = await runtime.diagnostics('crashy', 'green');
    const d = details as KubernetesDiagnosticsDetails;
    expect(d.namespace).toBe('label-crashy');
    expect(d.pods).toHaveLength(2);
    expect(d.pods[0]!.containers[0]).toMatchObject({ name: 'crashy', ready: false, state: expect.stringContaining('CrashLoopBackOff'), lastState: expect.stringContaining('code 1') });
    expect(d.pods[0]!.containers[0]!.restartCount).toBeGreaterThanOrEqual(1);
    expect(d.events.some((e) => e.reason === 'BackOff')).toBe(true);
    expect(d.logs).toHaveLength(2);
    for (const logs of d.logs) expect(logs).toMatchObject({ container: 'crashy', unavailable: expect.stringContaining('cannot read logs') });
  });

  it('fails fast when the image cannot be pulled, with the kubelet\'s reason', async () => {
    await runtime.ensure({ service: 'pully', color: 'blue', version: '3.2.0', env: { SIMULATED_FAULT: 'image-pull' } });
    const failed = await until(runtime, 'pully', 'blue', (s) => s.status === 'failed', FAST_MS);
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(failed.reason);
    expect(failed.message).toContain('registry.example/shop:1');
  });

  it('says so when neither the release nor the service names an image', async () => {
    const state = await runtime.ensure({ service: 'bare', color: 'blue', version: '1.0.0', env: {} });
    expect(state).toMatchObject({ status: 'failed', reason: 'NoImage' });
  });

  it('fails a ready color whose pods all turn unready', async () => {
    await runtime.ensure({ service: 'fading', color: 'blue', version: '4.0.0', env: {} });
    await until(runtime, 'fading', 'blue', (s) => s.status === 'ready');
    await cluster.kubectl('-n', 'label-fading', 'label', 'pods', '-l', 'cutover.dev/color=blue', 'cutover.dev/unready=true', '--overwrite');
    const failed = await until(runtime, 'fading', 'blue', (s) => s.status === 'failed', FAST_MS);
    expect(['PodsNotReady', 'ReadinessProbeFailed']).toContain(failed.reason);
    expect(failed.endpoints).toEqual([]);
  });

  it('sees a ready color turn unready through its pod watch, long before the next poll', async () => {
    // Settled colors are read once an hour here: only the watch can tell in time.
    const { runtime: watching } = await runtimeFor('label', 3_600_000);
    await watching.ensure({ service: 'watched', color: 'blue', version: '4.1.0', env: {} });
    await until(watching, 'watched', 'blue', (s) => s.status === 'ready');
    await cluster.kubectl('-n', 'label-watched', 'label', 'pods', '-l', 'cutover.dev/color=blue', 'cutover.dev/unready=true', '--overwrite');
    const failed = await until(watching, 'watched', 'blue', (s) => s.status === 'failed', FAST_MS);
    expect(['PodsNotReady', 'ReadinessProbeFailed']).toContain(failed.reason);
    await watching.close();
  });

  it('scales a color to zero: stopping, then stopped once its pods are gone', async () => {
    const stopping = await runtime.scaleDown({ service: 'shop', color: 'blue', reason: 'the new color succeeded' });
    expect(stopping.status).toBe('stopping');
    const stopped = await until(runtime, 'shop', 'blue', (s) => s.status === 'stopped');
    expect(stopped).toMatchObject({ reason: 'ScaledDown', message: 'the new color succeeded', endpoints: [] });
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'label-shop', labelSelector: 'cutover.dev/color=blue' });
    expect(pods.items).toEqual([]);
    expect(states.filter((s) => s.service === 'shop' && s.color === 'blue').map((s) => s.status)).toEqual(expect.arrayContaining(['starting', 'ready', 'stopping', 'stopped']));
  });
});

describe('KubernetesRuntime, namespace mode', () => {
  let runtime: KubernetesRuntime;

  beforeAll(async () => {
    ({ runtime } = await runtimeFor('namespace'));
  });

  it('runs each color in its own namespace, fenced by a quota, limits and network policies', async () => {
    await runtime.ensure({ service: 'shop', color: 'green', version: '1.0.0', env: {} });
    await until(runtime, 'shop', 'green', (s) => s.status === 'ready');
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = (await core.listNamespace({ labelSelector: 'cutover.dev/service=shop' })).items
      .map((n) => n.metadata!.name!)
      .filter((n) => n.startsWith('namespace-'))
      .sort();
    expect(namespaces).toEqual(['namespace-shop', 'namespace-shop-blue', 'namespace-shop-green']);
    expect((await core.readNamespacedResourceQuota({ namespace: 'namespace-shop-green', name: 'cutover-quota' })).spec!.hard).toEqual({ pods: '4' });
    await core.readNamespacedLimitRange({ namespace: 'namespace-shop-green', name: 'cutover-limits' });
    const policies = await kc.makeApiClient(NetworkingV1Api).listNamespacedNetworkPolicy({ namespace: 'namespace-shop-green' });
    expect(policies.items.map((p) => p.metadata!.name).sort()).toEqual(['cutover-allow-service-and-color', 'cutover-default-deny-ingress']);
  });

  it('reports a release the color\'s ResourceQuota cannot hold as QuotaExceeded', async () => {
    const started = Date.now();
    await runtime.ensure({ service: 'fenced', color: 'blue', version: '2.0.0', env: {} });
    const failed = await until(runtime, 'fenced', 'blue', (s) => s.status === 'failed', FAST_MS);
    expect(Date.now() - started).toBeLessThan(FAST_MS);
    expect(failed.reason).toBe('QuotaExceeded');
    expect(failed.message).toMatch(/^(ReplicaSet|Deployment) fenced-blue\S* cannot create pods: .*exceeded quota: cutover-quota/);
  });
});
