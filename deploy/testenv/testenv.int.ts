// The local control plane of deploy/testenv behaves like a real cluster: Deployments,
// scheduling, EndpointSlices, RBAC and ServiceAccount tokens, and the kwok fault stages
// that make a release bad. The tests run in order against one cluster; the last one
// stops it.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { waitFor } from '@cutover/testkit';
import {
  clusterProcesses,
  deployment,
  readyCondition,
  readyEndpoints,
  service,
  startCluster,
  testenv,
} from './testenv-fixture';

// A cold cache builds Kubernetes from source first (tens of minutes on two cores).
const BUILD_TIMEOUT_MS = 85 * 60_000;
const WAIT = { timeoutMs: 30_000, intervalMs: 100 };

let dir: string;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;
let discovery: k8s.DiscoveryV1Api;
let namespace: string;
let nsCounter = 0;

beforeAll(async () => {
  // k8s.sh names the canonical path on its processes' command lines.
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'cutover-testenv-')));
  await testenv(['build'], BUILD_TIMEOUT_MS);
  kc = new k8s.KubeConfig();
  kc.loadFromFile(await startCluster(dir));
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
  discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
}, BUILD_TIMEOUT_MS + 200_000);

afterAll(async () => {
  if (!dir) return;
  await testenv(['down', '--dir', dir], 60_000);
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  namespace = `testenv-${++nsCounter}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

const pods = async (app: string): Promise<k8s.V1Pod[]> =>
  (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;
const readDeployment = (name: string): Promise<k8s.V1Deployment> => apps.readNamespacedDeployment({ name, namespace });
const containerStatus = (pod: k8s.V1Pod): k8s.V1ContainerStatus | undefined => pod.status?.containerStatuses?.[0];

test('serves the version it was built as, with /readyz ok', async () => {
  const version = await kc.makeApiClient(k8s.VersionApi).getCode();
  expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  const health = await testenv(['kubectl', '--dir', dir, 'get', '--raw', '/readyz'], 30_000);
  expect(health.stdout.trim()).toBe('ok');
});

test('a Deployment gets a ReplicaSet and Pods that are scheduled on kwok nodes and become Ready', async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) });
  await waitFor(async () => (await readDeployment('web')).status?.availableReplicas === 2, { ...WAIT, what: 'web available' });

  const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
  expect(sets.items).toHaveLength(1);
  expect(sets.items[0].metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web' });
  const running = await pods('web');
  expect(running).toHaveLength(2);
  for (const pod of running) {
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: sets.items[0].metadata?.name });
    expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d+$/);
    expect(pod.status?.phase).toBe('Running');
    expect(readyCondition(pod)).toBe('True');
    expect(pod.status?.podIP).toMatch(/^10\.244\./);
    // The ServiceAccount admission plugin gave the pod its account and token volume.
    expect(pod.spec?.serviceAccountName).toBe('default');
    expect(pod.spec?.volumes?.some((v) => v.name.startsWith('kube-api-access-'))).toBe(true);
  }
});

test("a Service's EndpointSlices list the ready pods of its selector", async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('web', 2) });
  await apps.createNamespacedDeployment({ namespace, body: deployment('other', 1) });
  await core.createNamespacedService({ namespace, body: service('web') });
  await waitFor(async () => (await readDeployment('web')).status?.availableReplicas === 2, { ...WAIT, what: 'web available' });
  const ips = (await pods('web')).map((p) => p.status?.podIP).sort();

  await waitFor(async () => JSON.stringify(await readyEndpoints(discovery, namespace, 'web')) === JSON.stringify(ips), {
    ...WAIT,
    what: `EndpointSlices of web listing ${ips.join(', ')}`,
  });
});

test('never-ready: pods run but never become Ready, while a healthy Deployment does', async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('stuck', 2, { labels: { 'cutover.dev/fault': 'never-ready' } }) });
  await apps.createNamespacedDeployment({ namespace, body: deployment('healthy', 2) });

  await waitFor(
    async () => {
      const [healthy, stuck, stuckPods] = await Promise.all([readDeployment('healthy'), readDeployment('stuck'), pods('stuck')]);
      return (
        healthy.status?.availableReplicas === 2 &&
        stuck.status?.replicas === 2 &&
        stuck.status?.unavailableReplicas === 2 &&
        stuckPods.length === 2 &&
        stuckPods.every((p) => p.status?.phase === 'Running' && readyCondition(p) === 'False')
      );
    },
    { ...WAIT, what: 'healthy available and stuck pods Running but not Ready' },
  );
  const stuck = await readDeployment('stuck');
  expect(stuck.status?.availableReplicas ?? 0).toBe(0);
  expect(stuck.status?.readyReplicas ?? 0).toBe(0);
  for (const pod of await pods('stuck')) {
    expect(pod.status?.podIP).toMatch(/^10\.244\./);
    expect(containerStatus(pod)?.state?.running).toBeDefined();
    expect(containerStatus(pod)?.ready).toBe(false);
  }
});

test('crashloop: containers wait in CrashLoopBackOff with a rising restartCount and BackOff events', async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('crashy', 1, { labels: { 'cutover.dev/fault': 'crashloop' } }) });

  let first = 0;
  await waitFor(
    async () => {
      const status = containerStatus((await pods('crashy'))[0] ?? {});
      first = status?.restartCount ?? 0;
      return status?.state?.waiting?.reason === 'CrashLoopBackOff' && first >= 1;
    },
    { ...WAIT, what: 'crashy in CrashLoopBackOff' },
  );
  await waitFor(async () => (containerStatus((await pods('crashy'))[0])?.restartCount ?? 0) > first, {
    ...WAIT,
    what: `crashy restartCount above ${first}`,
  });

  const [pod] = await pods('crashy');
  expect(pod.status?.phase).toBe('Running');
  expect(readyCondition(pod)).toBe('False');
  expect(containerStatus(pod)?.lastState?.terminated?.exitCode).toBe(1);
  const events = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${pod.metadata?.name}` });
  expect(events.items.some((e) => e.type === 'Warning' && e.reason === 'BackOff')).toBe(true);
});

test('image-pull: containers wait with ErrImagePull or ImagePullBackOff and the pod stays Pending', async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('pull', 1, { labels: { 'cutover.dev/fault': 'image-pull' } }) });

  await waitFor(async () => containerStatus((await pods('pull'))[0] ?? {})?.state?.waiting?.reason === 'ImagePullBackOff', {
    ...WAIT,
    what: 'pull in ImagePullBackOff',
  });
  const [pod] = await pods('pull');
  expect(['ImagePullBackOff', 'ErrImagePull']).toContain(containerStatus(pod)?.state?.waiting?.reason);
  expect(pod.status?.phase).toBe('Pending');
  expect(readyCondition(pod)).toBe('False');
});

test('unready label: a Ready pod turns unready and its EndpointSlice drops it, then recovers', async () => {
  await apps.createNamespacedDeployment({ namespace, body: deployment('live', 2) });
  await core.createNamespacedService({ namespace, body: service('live') });
  await waitFor(async () => (await readyEndpoints(discovery, namespace, 'live')).length === 2, { ...WAIT, what: 'live endpoints' });
  const [victim, survivor] = await pods('live');

  const label = (value: string) =>
    core.patchNamespacedPod(
      { name: victim.metadata!.name!, namespace, body: { metadata: { labels: { 'cutover.dev/unready': value } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  await label('true');
  await waitFor(async () => JSON.stringify(await readyEndpoints(discovery, namespace, 'live')) === JSON.stringify([survivor.status?.podIP]), {
    ...WAIT,
    what: `live endpoints without ${victim.status?.podIP}`,
  });
  const unready = await core.readNamespacedPod({ name: victim.metadata!.name!, namespace });
  expect(readyCondition(unready)).toBe('False');
  expect(unready.status?.phase).toBe('Running');
  // The ReplicaSet keeps the pod: the degradation is in readiness, not a replacement.
  expect((await pods('live')).map((p) => p.metadata?.name).sort()).toEqual([victim, survivor].map((p) => p.metadata?.name).sort());

  await label('false');
  await waitFor(async () => (await readyEndpoints(discovery, namespace, 'live')).length === 2, { ...WAIT, what: 'victim ready again' });
});

test('unready-later: a pod becomes Ready, then unready after the delay in its annotation', async () => {
  await apps.createNamespacedDeployment({
    namespace,
    body: deployment('degrading', 1, {
      labels: { 'cutover.dev/fault': 'unready-later' },
      annotations: { 'cutover.dev/unready-after': '3s' },
    }),
  });
  await waitFor(async () => (await readDeployment('degrading')).status?.availableReplicas === 1, { ...WAIT, what: 'degrading available' });
  await waitFor(async () => readyCondition((await pods('degrading'))[0]) === 'False', { ...WAIT, what: 'degrading unready' });
  expect((await pods('degrading'))[0].status?.phase).toBe('Running');
});

test('RBAC: a ServiceAccount token without roles authenticates but may not list secrets', async () => {
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'nobody' } } });
  const minted = await core.createNamespacedServiceAccountToken({
    name: 'nobody',
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  const token = minted.status?.token;
  expect(token).toBeTruthy();

  const cluster = kc.getCurrentCluster()!;
  const asNobody = new k8s.KubeConfig();
  asNobody.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'nobody', token }],
    contexts: [{ name: 'nobody', cluster: cluster.name, user: 'nobody' }],
    currentContext: 'nobody',
  });
  const review = await asNobody.makeApiClient(k8s.AuthenticationV1Api).createSelfSubjectReview({ body: {} });
  expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${namespace}:nobody`);
  await expect(asNobody.makeApiClient(k8s.CoreV1Api).listNamespacedSecret({ namespace })).rejects.toMatchObject({ code: 403 });
  await expect(core.listNamespacedSecret({ namespace })).resolves.toBeDefined();
});

test('stop-apiserver stops only kube-apiserver; start-apiserver brings it back on the same port, data and certificates', async () => {
  await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'kept' }, data: { a: '1' } } });
  await testenv(['stop-apiserver', '--dir', dir], 60_000);
  expect(clusterProcesses(dir)).toEqual(['etcd', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
  await expect(core.readNamespacedConfigMap({ namespace, name: 'kept' })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNREFUSED|ECONNRESET/) });
  await expect(testenv(['status', '--dir', dir], 30_000)).rejects.toMatchObject({ code: 1 });
  await testenv(['start-apiserver', '--dir', dir], 120_000);
  // The same kubeconfig, unchanged: same port, same CA.
  expect((await core.readNamespacedConfigMap({ namespace, name: 'kept' })).data).toEqual({ a: '1' });
  expect(clusterProcesses(dir)).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
});

test('down stops every process of the cluster', async () => {
  expect(clusterProcesses(dir)).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok']);
  await testenv(['down', '--dir', dir], 60_000);
  expect(clusterProcesses(dir)).toEqual([]);
  await expect(testenv(['status', '--dir', dir], 30_000)).rejects.toMatchObject({ code: 1 });
});
