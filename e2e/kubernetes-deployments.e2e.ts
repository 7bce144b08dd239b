// Issue 3's "must show", end to end: `cutover up` with the Kubernetes runtime against a real
// control plane (deploy/testenv, kwok-simulated pods), releases and rollbacks through the CLI,
// and the result read back from the cluster: the live Service and its EndpointSlices. Also
// what a restart does: every Cutover process killed mid-deployment, or started on an empty
// NATS, must take the cluster as it finds it.
import { startTestCluster, waitFor, type TestCluster } from '@cutover/testkit';
import { getJson, type CliResult } from './support/cutover';
import { ClusterView, KUBERNETES_READY, kubernetesReadiness, startKubeStack, type KubeMode, type KubeStack } from './support/kubernetes';

interface DeploymentRecord {
  id: string;
  version: string;
  phase: string;
  reason: string;
  message: string;
  toColor: string;
  history: { phase: string }[];
}

const SERVICE = 'shop';
const TIGHT = 'tight';
const REPLICAS = 2;
// A long readiness deadline, so a release that fails fast visibly did not wait for it.
const POLICY = { monitorWindowMs: 6000, scaleDownDelayMs: 120_000, readinessTimeoutMs: 60_000 };

const record = (r: CliResult): DeploymentRecord => {
  try {
    return JSON.parse(r.stdout) as DeploymentRecord;
  } catch {
    throw new Error(`not a JSON record (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster(2);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
});

describe.each<KubeMode>(['label', 'namespace'])('Kubernetes runtime, %s mode, end to end', (mode) => {
  let stack: KubeStack;
  let view: ClusterView;

  const activeColor = async () => (await view.liveService()).metadata.annotations?.['cutover.dev/active-color'];
  const release = (version: string, ...extra: string[]) => stack.cli(['release', SERVICE, version, ...extra, '--wait', '--json']);

  const waitForPhase = async (phase: string) => {
    let seen = '';
    await waitFor(
      async () => {
        const last = (await getJson(`${stack.apiUrl}/api/services/${SERVICE}`)).body.lastDeployment as { phase: string } | null;
        seen = last?.phase ?? '';
        return seen === phase;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: `${SERVICE} in ${phase}` },
    ).catch((e: Error) => {
      throw new Error(`${e.message} (last phase: ${seen})`);
    });
  };

  const expectLive = async (color: string) => {
    expect(await activeColor()).toBe(color);
    if (mode === 'label') expect((await view.liveService()).spec.selector).toEqual({ 'app.kubernetes.io/name': SERVICE, 'cutover.dev/color': color });
    else expect((await view.liveService()).spec.selector ?? {}).toEqual({});
    await view.waitForEndpointsOf(color, REPLICAS);
  };

  beforeAll(async () => {
    const namespacePrefix = `${mode.slice(0, 3)}-`;
    view = new ClusterView(cluster, namespacePrefix, SERVICE);
    // A second service whose color namespaces hold one pod: its two replicas exceed the quota.
    const more: Record<string, Record<string, unknown>> = mode === 'namespace' ? { [TIGHT]: { replicas: 2, quota: { pods: '1' } } } : {};
    stack = await startKubeStack({ cluster, mode, namespacePrefix, service: SERVICE, replicas: REPLICAS, policy: POLICY, more });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the processes that talk to Kubernetes are ready only with the API reachable, and say so', async () => {
    expect(await kubernetesReadiness(stack)).toEqual(KUBERNETES_READY);
  });

  it('release 1.0.0 puts blue live', async () => {
    const r = await release('1.0.0');
    expect(record(r)).toMatchObject({ phase: 'Succeeded', toColor: 'blue' });
    expect(r.code).toBe(0);
    await expectLive('blue');
  });

  it('release 2.0.0 puts green live, and the EndpointSlices list only green pods', async () => {
    const r = await release('2.0.0');
    expect(record(r)).toMatchObject({ phase: 'Succeeded', toColor: 'green' });
    expect(r.code).toBe(0);
    await expectLive('green');
  });

  it('3.0.0 whose pods never become ready fails in Preparing within seconds, live untouched', async () => {
    const r = await release('3.0.0', '--env', 'SIMULATED_FAULT=never-ready');
    const rec = record(r);
    expect(rec.phase).toBe('Failed');
    expect(rec.message).toMatch(/ReadinessProbeFailed/);
    expect(r.code).toBe(1);
    expect(rec.history.map((h) => h.phase)).not.toContain('Verifying');
    expect(r.ms).toBeLessThan(POLICY.readinessTimeoutMs / 3);
    await expectLive('green');
  });

  it('4.0.0 that turns unready after going live is rolled back to green', async () => {
    const pending = release('4.0.0');
    await waitForPhase('Monitoring');
    const ns = view.colorNamespace(mode, 'blue');
    await cluster.kubectl('-n', ns, 'label', 'pods', '-l', `app.kubernetes.io/name=${SERVICE},cutover.dev/color=blue`, 'cutover.dev/unready=true', '--overwrite');
    const r = await pending;
    const rec = record(r);
    expect(rec.phase).toBe('RolledBack');
    expect(r.code).toBe(1);
    expect(rec.history.map((h) => h.phase)).toEqual(expect.arrayContaining(['Monitoring', 'RollingBack', 'RolledBack']));
    await expectLive('green');
  });

  it('after a success, while the old color is warm, `cutover rollback` puts it back live', async () => {
    const r = await release('5.0.0');
    expect(record(r)).toMatchObject({ phase: 'Succeeded', toColor: 'blue' });
    await expectLive('blue');
    const back = await stack.cli(['rollback', SERVICE, '--reason', 'e2e manual rollback']);
    expect(back.stdout).toMatch(/RolledBack/);
    expect(back.code).toBe(0);
    await expectLive('green');
  });
  it.each([
    ['crashloop', /CrashLoopBackOff/],
    ['image-pull', /ErrImagePull|ImagePullBackOff/],
  ])('a release whose pods fail with %s fails in Preparing with the Kubernetes reason, live untouched', async (fault, reason) => {
    const r = await release('5.1.0', '--env', `SIMULATED_FAULT=${fault}`);
    const rec = record(r);
    expect([rec.phase, r.code]).toEqual(['Failed', 1]);
    expect(rec.message).toMatch(reason);
    expect(r.ms).toBeLessThan(POLICY.readinessTimeoutMs / 2);
    await expectLive('green');
  });

  if (mode === 'namespace') {
    it("a release the color namespace's ResourceQuota cannot hold fails as QuotaExceeded", async () => {
      const r = await stack.cli(['release', TIGHT, '1.0.0', '--wait', '--json']);
      const rec = record(r);
      expect([rec.phase, r.code]).toEqual(['Failed', 1]);
      expect(rec.message).toMatch(/QuotaExceeded.*exceeded quota: cutover-quota/s);
    });
  }

  it('killed with SIGKILL mid-deployment, a restarted Cutover adopts the cluster and finishes the deployment once', async () => {
    const ns = view.colorNamespace(mode, 'blue');
    const pending = release('6.0.0');
    await waitForPhase('Monitoring');
    const uid = await cluster.kubectl('-n', ns, 'get', 'deployment', `${SERVICE}-blue`, '-o', 'jsonpath={.metadata.uid}');
    await stack.kill();
    await stack.start();
    // The CLI waits on NATS, which stayed up: it sees the restarted Cutover's verdict.
    const r = await pending;
    const rec = record(r);
    expect([rec.phase, rec.toColor, r.code]).toEqual(['Succeeded', 'blue', 0]);
    const phases = rec.history.map((h) => h.phase);
    expect(phases.filter((p) => p === 'Preparing' || p === 'Switching')).toEqual(['Preparing', 'Switching']);
    expect(await cluster.kubectl('-n', ns, 'get', 'deployment', `${SERVICE}-blue`, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
    await expectLive('blue');
  });

  it('a Cutover on a new, empty NATS adopts the live color from the cluster and releases to the idle one', async () => {
    await stack.kill();
    await stack.start({ freshNats: true });
    const status = await stack.cli(['status', SERVICE, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { routing: unknown }).routing).toMatchObject({ liveColor: 'blue', liveVersion: '6.0.0' });
    const r = await release('7.0.0');
    expect(record(r)).toMatchObject({ phase: 'Succeeded', toColor: 'green', version: '7.0.0' });
    await expectLive('green');
    const blue = view.colorNamespace(mode, 'blue');
    expect(await cluster.kubectl('-n', blue, 'get', 'deployment', `${SERVICE}-blue`, '-o', "jsonpath={.metadata.annotations['cutover\\.dev/version']}")).toBe('6.0.0');
  });
});
