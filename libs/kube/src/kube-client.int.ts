// The retries of @cutover/kube against a real control plane (deploy/testenv), through the
// fault proxy of the test kit: a hung API server, throttling with Retry-After, and a real
// 409 of a write made over a stale resourceVersion, which is the caller's to handle.
import { startKubeFaultProxy, startTestCluster, type KubeFaultProxy, type TestCluster } from '@cutover/testkit';
import { call, readOrNull } from './call';
import { KubernetesApiError, KubernetesRetriesExhaustedError } from './errors';
import { KubeClient } from './kube-client';

const NAMESPACE = 'kube-client-int';
const CONFIG_MAP = new RegExp(`^/api/v1/namespaces/${NAMESPACE}/configmaps/settings$`);

let cluster: TestCluster;
let proxy: KubeFaultProxy;
let kube: KubeClient;

const configMap = (data: Record<string, string>, resourceVersion?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: NAMESPACE, ...(resourceVersion ? { resourceVersion } : {}) },
  data,
});
const readConfigMap = () => call('read ConfigMap', () => kube.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'settings' }));

beforeAll(async () => {
  cluster = await startTestCluster(1);
  proxy = await startKubeFaultProxy(cluster.kubeconfig);
  kube = await KubeClient.connect(proxy.kubeconfig, { requestTimeoutMs: 1_000 });
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await kube.apply(configMap({ a: '1' }));
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await cluster?.stop();
}, 120_000);

it('aborts a request the API server does not answer within the request timeout, and tries again', async () => {
  const hung = proxy.inject({ method: 'GET', path: CONFIG_MAP, delayMs: 3_000, times: 2 });
  const started = Date.now();
  expect((await readConfigMap()).data).toEqual({ a: '1' });
  expect(hung.hits).toBe(2);
  // Two attempts of 1 s each, and the backoff in between; not the 3 s the server would take.
  expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  expect(Date.now() - started).toBeLessThan(5_000);
});

it('waits as long as a 429 says in Retry-After', async () => {
  const throttled = proxy.inject({ method: 'GET', path: CONFIG_MAP, status: 429, retryAfterSeconds: 1, times: 1 });
  const started = Date.now();
  await readConfigMap();
  expect(throttled.hits).toBe(1);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
});

it('retries a 409 of a server-side apply made without a resourceVersion', async () => {
  const conflicts = proxy.inject({ method: 'PATCH', path: CONFIG_MAP, status: 409, times: 2 });
  await kube.apply(configMap({ a: '2' }));
  expect(conflicts.hits).toBe(2);
  expect((await readConfigMap()).data).toEqual({ a: '2' });
});

it('hands the real 409 of a write over a stale resourceVersion to the caller at once', async () => {
  const stale = (await readConfigMap()).metadata!.resourceVersion!;
  await kube.apply(configMap({ a: '3' }));
  const before = proxy.seen({ method: 'PATCH', path: CONFIG_MAP }).length;
  const err = await kube.apply(configMap({ a: '4' }, stale)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KubernetesApiError);
  expect(err).not.toBeInstanceOf(KubernetesRetriesExhaustedError);
  expect(err).toMatchObject({ status: 409 });
  expect(proxy.seen({ method: 'PATCH', path: CONFIG_MAP }).slice(before).map((r) => r.outcome)).toEqual([409]);
  expect((await readConfigMap()).data).toEqual({ a: '3' });
});

it('does not retry a 404: readOrNull answers null after one request', async () => {
  const before = proxy.seen({ method: 'GET' }).length;
  expect(await readOrNull('read ConfigMap', () => kube.core.readNamespacedConfigMap({ namespace: NAMESPACE, name: 'absent' }))).toBeNull();
  expect(proxy.seen({ method: 'GET' }).slice(before).map((r) => r.outcome)).toEqual([404]);
});
