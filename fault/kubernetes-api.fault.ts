// Issue 6, Kubernetes API faults: a whole Cutover stack (label mode) talks to a real control
// plane through a fault proxy that answers 409 Conflict, answers late, answers 503 for longer
// than the retry budget, or stops the kube-apiserver itself in the middle of a switch. Every
// release ends in a consistent verdict, and the live Service's selector, sampled straight
// from the API server throughout, never is empty, mixed or of a color without ready pods.
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { startKubeFaultProxy, startTestCluster, waitFor, type KubeFaultProxy, type TestCluster } from '@cutover/testkit';
import { createLogger } from '@cutover/observability';
import type { CliResult } from '../e2e/support/cutover';
import { ClusterView, startKubeStack, type KubeStack } from '../e2e/support/kubernetes';

interface DeploymentRecord {
  phase: string;
  toColor: string;
  message: string;
  history: { phase: string; at: string }[];
}

const SERVICE = 'shop';
const PREFIX = 'fault-';
const NAMESPACE = `${PREFIX}${SERVICE}`;
const REPLICAS = 2;
const POLICY = { monitorWindowMs: 3000, scaleDownDelayMs: 300_000, readinessTimeoutMs: 60_000 };
/** The live Service, and nothing else (not the preview Services next to it). */
const LIVE_SERVICE = new RegExp(`^/api/v1/namespaces/${NAMESPACE}/services/${SERVICE}$`);
const NAME_LABEL = 'app.kubernetes.io/name';
const COLOR_LABEL = 'cutover.dev/color';

const record = (r: CliResult): DeploymentRecord => {
  try {
    return JSON.parse(r.stdout) as DeploymentRecord;
  } catch {
    throw new Error(`not a JSON record (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

interface Sample {
  selector: Record<string, string> | undefined;
  readyPods: number;
}

/**
 * Reads the live Service's selector, and how many pods it selects are ready, over and over
 * with the admin credentials, straight from the API server (not through the proxy). Reads
 * that fail while the API server is down are counted, not sampled.
 */
function sampleSelector(kubeconfig: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const samples: Sample[] = [];
  let unavailable = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const selector = (await core.readNamespacedService({ namespace: NAMESPACE, name: SERVICE })).spec?.selector;
        const labelSelector = Object.entries(selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
        const pods = selector ? (await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector })).items : [];
        const readyPods = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
        samples.push({ selector, readyPods });
      } catch {
        unavailable++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    samples,
    get unavailable() {
      return unavailable;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

let cluster: TestCluster;
let proxy: KubeFaultProxy;
let stack: KubeStack;
let view: ClusterView;
let sampler: ReturnType<typeof sampleSelector>;

const log = createLogger('kubernetes-api-fault');

const release = async (version: string): Promise<CliResult> => {
  const r = await stack.cli(['release', SERVICE, version, '--wait', '--json'], { timeoutMs: 180_000 });
  log.info('release done', { version, exit: r.code, ms: r.ms });
  return r;
};

const expectLive = async (color: string) => {
  const live = await view.liveService();
  expect(live.spec.selector).toEqual({ [NAME_LABEL]: SERVICE, [COLOR_LABEL]: color });
  expect(live.metadata.annotations?.['cutover.dev/active-color']).toBe(color);
  await view.waitForEndpointsOf(color, REPLICAS);
};

const servicePatches = () => proxy.seen({ method: 'PATCH', path: LIVE_SERVICE });

beforeAll(async () => {
  cluster = await startTestCluster(1);
  proxy = await startKubeFaultProxy(cluster.kubeconfig);
  view = new ClusterView(cluster, PREFIX, SERVICE);
  stack = await startKubeStack({ cluster, mode: 'label', namespacePrefix: PREFIX, service: SERVICE, replicas: REPLICAS, policy: POLICY, kubeconfig: proxy.kubeconfig });
  const first = record(await release('1.0.0'));
  expect(first).toMatchObject({ phase: 'Succeeded', toColor: 'blue' });
  sampler = sampleSelector(cluster.kubeconfig);
}, 600_000);

afterAll(async () => {
  await sampler?.stop();
  await stack?.stop();
  await proxy?.close();
  await cluster?.stop();
}, 120_000);

describe('Kubernetes API faults during a switch', () => {
  it('409 Conflict on the first 3 PATCHes of the live Service: retried, and the release succeeds', async () => {
    const before = servicePatches().length;
    const conflicts = proxy.inject({ method: 'PATCH', path: LIVE_SERVICE, status: 409, times: 3 });
    const r = record(await release('2.0.0'));
    conflicts.remove();
    expect(r).toMatchObject({ phase: 'Succeeded', toColor: 'green' });
    expect(conflicts.hits).toBe(3);
    expect(servicePatches().slice(before).map((p) => p.outcome)).toEqual([409, 409, 409, 200]);
    await expectLive('green');
  });

  it('every request of the live Service answered 2 s late: the switch still completes', async () => {
    const slow = proxy.inject({ path: LIVE_SERVICE, delayMs: 2_000 });
    const r = record(await release('3.0.0'));
    slow.remove();
    expect(r).toMatchObject({ phase: 'Succeeded', toColor: 'blue' });
    // Read, apply and read back at least.
    expect(slow.hits).toBeGreaterThanOrEqual(3);
    await expectLive('blue');
  });

  it('kube-apiserver stopped as the switch PATCHes the Service, back 5 s later: the switch completes', async () => {
    let restarted: Promise<void> = Promise.resolve();
    let stoppedAt = 0;
    const outage = proxy.inject({
      method: 'PATCH',
      path: LIVE_SERVICE,
      times: 1,
      before: async () => {
        const stopping = Date.now();
        await cluster.stopApiServer();
        stoppedAt = Date.now();
        restarted = new Promise((resolve) => setTimeout(resolve, 5_000))
          .then(() => cluster.startApiServer())
          .then(() => log.info('kube-apiserver outage', { stopMs: stoppedAt - stopping, downMs: Date.now() - stoppedAt }));
      },
    });
    const unavailableBefore = sampler.unavailable;
    const r = record(await release('4.0.0'));
    await restarted;
    expect(outage.hits).toBe(1);
    expect(stoppedAt).toBeGreaterThan(0);
    // The PATCH that stopped it, and the retries while it was down, found no API server.
    expect(servicePatches().filter((p) => p.outcome === 'reset').length).toBeGreaterThanOrEqual(1);
    expect(sampler.unavailable).toBeGreaterThan(unavailableBefore);
    expect(r).toMatchObject({ phase: 'Succeeded', toColor: 'green' });
    await expectLive('green');
  });

  it('a concurrent writer changing the live Service: server-side apply takes no conflict and keeps its fields', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    let writes = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const body = { metadata: { annotations: { 'example.com/touched': String(++writes) } } };
        await core.patchNamespacedService({ namespace: NAMESPACE, name: SERVICE, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const before = servicePatches().length;
    const r = record(await release('5.0.0'));
    writing = false;
    await writer;
    expect(r).toMatchObject({ phase: 'Succeeded', toColor: 'blue' });
    expect(writes).toBeGreaterThan(10);
    expect(servicePatches().slice(before).map((p) => p.outcome)).toEqual([200]);
    const live = await view.liveService();
    expect(live.metadata.annotations?.['example.com/touched']).toBe(String(writes));
    await expectLive('blue');
  });

  it('503 on the live Service for longer than the retry budget: the release fails, traffic stays', async () => {
    const unavailable = proxy.inject({ method: 'PATCH', path: LIVE_SERVICE, status: 503 });
    const started = Date.now();
    const r = record(await release('6.0.0'));
    const tookMs = Date.now() - started;
    unavailable.remove();
    const patchesBefore = servicePatches().length;
    expect(r).toMatchObject({ phase: 'Failed', toColor: 'green' });
    expect(r.message).toMatch(/switch to green failed/);
    expect(r.message).toMatch(/gave up after \d+ attempts/);
    expect(r.message).toMatch(/HTTP 503/);
    // The retry budget is 30 s: more than a few attempts, and then it stopped.
    expect(unavailable.hits).toBeGreaterThanOrEqual(5);
    expect(tookMs).toBeGreaterThan(25_000);
    // The orchestrator sent the command again every 3 s while the first attempt retried; those
    // repeats, answered once the API works again, must not switch to green as it scales down.
    await waitFor(async () => (await cluster.kubectl('-n', NAMESPACE, 'get', 'pods', '-l', `${COLOR_LABEL}=green`, '-o', 'name')).trim() === '', {
      timeoutMs: 30_000,
      what: 'green scaled down',
    });
    expect(servicePatches().slice(patchesBefore)).toEqual([]);
    await expectLive('blue');
  });

  it('throughout, the selector was never empty, mixed or of a color without ready pods', async () => {
    await sampler.stop();
    expect(sampler.samples.length).toBeGreaterThan(50);
    const bad = sampler.samples.filter(
      (s) => !s.selector || Object.keys(s.selector).length !== 2 || s.selector[NAME_LABEL] !== SERVICE || !['blue', 'green'].includes(s.selector[COLOR_LABEL] ?? '') || s.readyPods === 0,
    );
    expect(bad).toEqual([]);
    expect(new Set(sampler.samples.map((s) => s.selector?.[COLOR_LABEL]))).toEqual(new Set(['blue', 'green']));
  });
});
