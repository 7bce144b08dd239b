// Both Kubernetes routers against a real control plane (deploy/testenv), with environments
// prepared by the kubernetes runtime: the release flow of blue and green, confirmed on the
// EndpointSlices the live Service really has.
import { CoreV1Api, DiscoveryV1Api, KubeConfig, type V1EndpointSlice } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import type { KubernetesMode, KubernetesRuntimeConfig, ServiceConfig } from '@cutover/config';
import { DEFAULT_POLICY, mergePolicy } from '@cutover/core';
import { createLogger } from '@cutover/observability';
import { KubernetesRuntime } from '@cutover/runtime';
import { startTestCluster, waitFor, type TestCluster } from '@cutover/testkit';
import { connectKubernetesRouter } from './create-router';
import type { LabelRouter } from './label-router';
import type { NamespaceRouter } from './namespace-router';

const shop: ServiceConfig = {
  name: 'shop',
  command: [],
  cwd: '/',
  instances: 2,
  env: {},
  image: 'registry.example/shop:1',
  readinessPath: '/healthz',
  stopGracePeriodMs: 1_000,
  router: { host: '127.0.0.1', port: 80 },
  kubernetes: { replicas: 2, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: { pods: '4' }, podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT' } },
  policy: mergePolicy(DEFAULT_POLICY, { readinessTimeoutMs: 60_000, probe: { intervalMs: 200 } }),
};

let cluster: TestCluster;
let kc: KubeConfig;

beforeAll(async () => {
  cluster = await startTestCluster();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
}, 1_800_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe.each<KubernetesMode>(['label', 'namespace'])('%s mode', (mode) => {
  const settings = (): KubernetesRuntimeConfig => ({ kind: 'kubernetes', kubeconfig: cluster.kubeconfig, mode, namespacePrefix: `${mode}-` });
  const liveNamespace = `${mode}-shop`;
  let runtime: KubernetesRuntime;
  let router: LabelRouter | NamespaceRouter;

  const connectRouter = () =>
    connectKubernetesRouter({ services: { shop }, settings: settings(), logger: createLogger('test-router'), confirmTimeoutMs: 10_000, followIntervalMs: 200 });

  beforeAll(async () => {
    runtime = await KubernetesRuntime.connect({ services: { shop }, settings: settings(), log: createLogger('test-runtime'), poll: { activeMs: 200, settledMs: 500 } });
    await runtime.start();
    router = await connectRouter();
    await router.start();
  });

  afterAll(async () => {
    await router?.close();
    await runtime?.close();
  });

  async function release(color: Color, version: string, env: Record<string, string> = {}) {
    await runtime.ensure({ service: 'shop', color, version, env });
    await waitFor(() => runtime.get('shop', color)?.status === 'ready' && runtime.get('shop', color)?.version === version, {
      timeoutMs: 60_000,
      what: `shop.${color} to run ${version}`,
    });
  }

  async function liveSlices(): Promise<V1EndpointSlice[]> {
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    return (await discovery.listNamespacedEndpointSlice({ namespace: liveNamespace, labelSelector: 'kubernetes.io/service-name=shop' })).items;
  }

  /** Which pods the live Service's slices list, by color, read straight from the API. */
  async function listedColors(): Promise<string[]> {
    const core = kc.makeApiClient(CoreV1Api);
    const pods = new Map<string, string>();
    for (const color of ['blue', 'green']) {
      const namespace = mode === 'namespace' ? `${liveNamespace}-${color}` : liveNamespace;
      for (const pod of (await core.listNamespacedPod({ namespace, labelSelector: `cutover.dev/color=${color}` })).items) pods.set(pod.metadata!.name!, color);
    }
    return (await liveSlices()).flatMap((s) => (s.endpoints ?? []).map((e) => `${pods.get(e.targetRef?.name ?? '') ?? 'unknown'}:${e.conditions?.ready ? 'ready' : 'not-ready'}`)).sort();
  }

  async function liveAnnotations(): Promise<Record<string, string>> {
    return (await kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace: liveNamespace, name: 'shop' })).metadata!.annotations ?? {};
  }

  it('1.0.0 on blue, then blue live: the EndpointSlices list only the two blue pods', async () => {
    await release('blue', '1.0.0');
    expect(await router.liveColor('shop')).toBeNull();
    await router.switchTo('shop', 'blue', { deploymentId: 'shop-aaaaaa' });
    expect(await listedColors()).toEqual(['blue:ready', 'blue:ready']);
    expect(await router.liveColor('shop')).toBe('blue');
    expect(await liveAnnotations()).toMatchObject({ 'cutover.dev/active-color': 'blue', 'cutover.dev/active-version': '1.0.0', 'cutover.dev/deployment-id': 'shop-aaaaaa' });
  });

  it('2.0.0 on green, then green live, confirmed on the EndpointSlices, blue kept warm as the previous version', async () => {
    await release('green', '2.0.0');
    const started = performance.now();
    await router.switchTo('shop', 'green', { deploymentId: 'shop-bbbbbb' });
    const switchMs = performance.now() - started;
    expect(await listedColors()).toEqual(['green:ready', 'green:ready']);
    expect(await router.liveColor('shop')).toBe('green');
    expect(await liveAnnotations()).toMatchObject({
      'cutover.dev/active-color': 'green',
      'cutover.dev/active-version': '2.0.0',
      'cutover.dev/previous-color': 'blue',
      'cutover.dev/previous-version': '1.0.0',
      'cutover.dev/deployment-id': 'shop-bbbbbb',
    });
    expect(runtime.get('shop', 'blue')?.status).toBe('ready');
    createLogger('test').info('switch confirmed', { mode, switchMs: Math.round(switchMs) });
  });

  it('switching again to the live color changes nothing', async () => {
    const before = (await kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace: liveNamespace, name: 'shop' })).metadata!.resourceVersion;
    await router.switchTo('shop', 'green', { deploymentId: 'shop-bbbbbb' });
    const after = (await kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace: liveNamespace, name: 'shop' })).metadata!.resourceVersion;
    expect(after).toBe(before);
  });

  it('a manual switch back to the warm blue, and forward again', async () => {
    await router.switchTo('shop', 'blue');
    expect(await listedColors()).toEqual(['blue:ready', 'blue:ready']);
    expect(await liveAnnotations()).toMatchObject({ 'cutover.dev/active-color': 'blue', 'cutover.dev/previous-color': 'green', 'cutover.dev/previous-version': '2.0.0' });
    await router.switchTo('shop', 'green');
    expect(await listedColors()).toEqual(['green:ready', 'green:ready']);
  });

  it('a restarted router reads the live color from the cluster', async () => {
    const fresh = await connectRouter();
    expect(await fresh.liveColor('shop')).toBe('green');
    expect(fresh.takeTrafficSample('shop')).toMatchObject({ service: 'shop', liveColor: 'green', blue: { requests: 0 }, green: { requests: 0 } });
    await fresh.close();
  });

  it('a release whose pods never become ready fails on the idle color and leaves the live one alone', async () => {
    const started = Date.now();
    await runtime.ensure({ service: 'shop', color: 'blue', version: '3.0.0', env: { SIMULATED_FAULT: 'never-ready' } });
    await waitFor(() => runtime.get('shop', 'blue')?.status === 'failed', { timeoutMs: 20_000, what: 'blue to fail' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(runtime.get('shop', 'blue')?.reason).toBe('ReadinessProbeFailed');
    expect(await router.liveColor('shop')).toBe('green');
    expect(await listedColors()).toEqual(['green:ready', 'green:ready']);
  });

  it('refuses to switch to a color none of whose pods is ready, and the live routing stays', async () => {
    // The failed release left blue's earlier pods running and ready: scaled down, it has none.
    await runtime.scaleDown({ service: 'shop', color: 'blue', reason: 'test' });
    await waitFor(() => runtime.get('shop', 'blue')?.status === 'stopped', { timeoutMs: 20_000, what: 'blue to stop' });
    await expect(router.switchTo('shop', 'blue')).rejects.toMatchObject({ name: 'NoReadyPodsError', code: 'no_ready_pods' });
    expect(await router.liveColor('shop')).toBe('green');
    expect(await liveAnnotations()).toMatchObject({ 'cutover.dev/active-color': 'green' });
    expect(await listedColors()).toEqual(['green:ready', 'green:ready']);
  });

  it('follows the live color\'s pods as they come and go, and their readiness', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const namespace = mode === 'namespace' ? `${liveNamespace}-green` : liveNamespace;
    const [victim] = (await core.listNamespacedPod({ namespace, labelSelector: 'cutover.dev/color=green' })).items;
    await core.deleteNamespacedPod({ namespace, name: victim!.metadata!.name! });
    await waitFor(async () => {
      const names = (await liveSlices()).flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready).map((e) => e.targetRef?.name));
      return names.length === 2 && !names.includes(victim!.metadata!.name!);
    }, { timeoutMs: 20_000, what: 'the slices to list the replacement pod instead of the deleted one' });
    await cluster.kubectl('-n', namespace, 'label', 'pods', '-l', 'cutover.dev/color=green', 'cutover.dev/unready=true', '--overwrite');
    await waitFor(async () => (await listedColors()).join() === 'green:not-ready,green:not-ready', { timeoutMs: 20_000, what: 'the green endpoints to turn not ready' });
  });
});
