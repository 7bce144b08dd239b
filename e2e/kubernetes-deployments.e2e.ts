// Issue 3's "must show", end to end: `cutover up` with the Kubernetes runtime against a real
// control plane (deploy/testenv, kwok-simulated pods), releases and rollbacks through the CLI,
// and the result read back from the cluster: the live Service and its EndpointSlices.
import { startTestCluster, waitFor, type TestCluster } from '@cutover/testkit';
import { getJson, type CliResult } from './support/cutover';
import { ClusterView, startKubeStack, type KubeMode, type KubeStack } from './support/kubernetes';

interface DeploymentRecord {
  id: string;
  phase: string;
  reason: string;
  message: string;
  toColor: string;
  history: { phase: string }[];
}

const SERVICE = 'shop';
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
    stack = await startKubeStack({ cluster, mode, namespacePrefix, service: SERVICE, replicas: REPLICAS, policy: POLICY });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
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
});
