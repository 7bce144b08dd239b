// Issue 6, least privilege: Cutover runs against a real control plane with nothing but the
// token of its ServiceAccount, bound to what deploy/kustomize ships. Releases, a rollback,
// status, history and diagnostics all work; deleting, reading Secrets and writing outside
// the namespaces it manages are refused by the API server.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kubernetesNames } from '@cutover/config';
import { Bus } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { RuntimeClient, type KubernetesDiagnosticsDetails } from '@cutover/runtime';
import { serviceAccountAccess, startTestCluster, waitFor, type ServiceAccountAccess, type TestCluster } from '@cutover/testkit';
import { managedNamespaceObjects, SERVICE_ACCOUNT } from '../deploy/kustomize/managed-namespaces/render';
import { getJson, type CliResult } from '../e2e/support/cutover';
import { ClusterView, KUBERNETES_READY, kubernetesReadiness, startKubeStack, type KubeMode, type KubeStack } from '../e2e/support/kubernetes';

interface DeploymentRecord {
  phase: string;
  toColor: string;
  message: string;
}

const SERVICE = 'shop';
const REPLICAS = 2;
const POLICY = { monitorWindowMs: 5000, scaleDownDelayMs: 120_000, readinessTimeoutMs: 60_000 };
// Label mode runs on exactly what deploy/kustomize ships (service `shop`, prefix `cutover-`);
// namespace mode on the same RoleBindings rendered for its own prefix.
const PREFIX: Record<KubeMode, string> = { label: 'cutover-', namespace: 'rbac-' };
const RBAC_KINDS = ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'RoleBinding'];

/** The API server's own words for an RBAC refusal of this account. */
const refused = (verb: string, resource: string) =>
  new RegExp(`is forbidden: User "system:serviceaccount:${SERVICE_ACCOUNT.namespace}:${SERVICE_ACCOUNT.name}" cannot ${verb} resource "${resource}"`);

const record = (r: CliResult): DeploymentRecord => {
  try {
    return JSON.parse(r.stdout) as DeploymentRecord;
  } catch {
    throw new Error(`not a JSON record (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

let cluster: TestCluster;
let account: ServiceAccountAccess;
let work: string;

const applyList = async (name: string, items: unknown[]) => {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  await cluster.kubectl('apply', '-f', file);
};

beforeAll(async () => {
  cluster = await startTestCluster(1);
  work = mkdtempSync(join(tmpdir(), 'cutover-rbac-'));
  const installed = parseAllDocuments(await cluster.kubectl('kustomize', join(__dirname, '../deploy/kustomize/overlays/dev')))
    .map((d) => d.toJS() as { kind: string })
    .filter((o) => RBAC_KINDS.includes(o.kind));
  await applyList('installed-rbac', installed);
  await applyList('namespace-mode', managedNamespaceObjects(kubernetesNames({ mode: 'namespace', namespacePrefix: PREFIX.namespace }), [SERVICE]));
  account = await serviceAccountAccess(cluster, SERVICE_ACCOUNT);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.each<KubeMode>(['label', 'namespace'])('Cutover as its ServiceAccount, %s mode', (mode) => {
  let stack: KubeStack;
  let view: ClusterView;

  const release = (version: string, ...extra: string[]) => stack.cli(['release', SERVICE, version, ...extra, '--wait', '--json']);
  const expectLive = async (color: string) => {
    expect((await view.liveService()).metadata.annotations?.['cutover.dev/active-color']).toBe(color);
    await view.waitForEndpointsOf(color, REPLICAS);
  };

  beforeAll(async () => {
    view = new ClusterView(cluster, PREFIX[mode], SERVICE);
    // The admin's cluster for reading what happened; Cutover itself gets only the account's kubeconfig.
    stack = await startKubeStack({ cluster: { ...cluster, kubeconfig: account.kubeconfig }, mode, namespacePrefix: PREFIX[mode], service: SERVICE, replicas: REPLICAS, policy: POLICY });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the switcher and runtime-agent are ready: the account reaches the Kubernetes API', async () => {
    expect(await kubernetesReadiness(stack)).toEqual(KUBERNETES_READY);
  });

  it('1.0.0 and 2.0.0 succeed, each switching traffic to its color', async () => {
    const first = await release('1.0.0');
    expect([record(first).phase, record(first).toColor, first.code]).toEqual(['Succeeded', 'blue', 0]);
    await expectLive('blue');
    const second = await release('2.0.0');
    expect([record(second).phase, record(second).toColor, second.code]).toEqual(['Succeeded', 'green', 0]);
    await expectLive('green');
  });

  it('3.0.0 whose pods never become ready fails with the reason Kubernetes gives, live untouched', async () => {
    const r = await release('3.0.0', '--env', 'SIMULATED_FAULT=never-ready');
    expect([record(r).phase, r.code]).toEqual(['Failed', 1]);
    expect(record(r).message).toMatch(/ReadinessProbeFailed/);
    await expectLive('green');
  });

  it('4.0.0 that turns unready while live is rolled back to green', async () => {
    const pending = release('4.0.0');
    await waitFor(async () => ((await getJson(`${stack.apiUrl}/api/services/${SERVICE}`)).body.lastDeployment as { phase?: string } | null)?.phase === 'Monitoring', {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: '4.0.0 in Monitoring',
    });
    await cluster.kubectl('-n', view.colorNamespace(mode, 'blue'), 'label', 'pods', '-l', `app.kubernetes.io/name=${SERVICE},cutover.dev/color=blue`, 'cutover.dev/unready=true', '--overwrite');
    const r = await pending;
    expect([record(r).phase, r.code]).toEqual(['RolledBack', 1]);
        await expectLive('green');
  });

  it('status and history read back', async () => {
    const status = await stack.cli(['status', SERVICE, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { routing: unknown }).routing).toMatchObject({ liveColor: 'green', liveVersion: '2.0.0' });
    const history = await stack.cli(['history', SERVICE, '--json']);
    expect((JSON.parse(history.stdout) as DeploymentRecord[]).map((d) => d.phase)).toEqual(['RolledBack', 'Failed', 'Succeeded', 'Succeeded']);
  });

  it("the runtime's diagnostics of the rolled-back color read its pods, events and logs, none refused", async () => {
    const { nats } = parse(readFileSync(join(stack.dataDir, 'cutover.yaml'), 'utf8')) as { nats: { url: string } };
    const bus = await Bus.connect({ url: nats.url, name: 'rbac-test', log: createLogger('rbac-test', { sink: () => undefined }), connectTimeoutMs: 5000 });
    try {
      // Reading logs from kwok's nodes, which have no kubelet, waits out the runtime's log deadline.
      const diagnostics = await new RuntimeClient(bus, { timeoutMs: 15_000, retries: 0 }).diagnostics(SERVICE, 'blue');
      const details = diagnostics.details as KubernetesDiagnosticsDetails;
      expect(details.namespace).toBe(view.colorNamespace(mode, 'blue'));
      expect(details.pods).toHaveLength(REPLICAS);
      expect(details.events.length).toBeGreaterThan(0);
      expect(details.logs.length).toBeGreaterThan(0);
      expect(JSON.stringify(details)).not.toMatch(/forbidden/i);
    } finally {
      await bus.close();
    }
  });

  it('no Cutover process was refused a call or lost its pod watch meanwhile', () => {
    for (const component of ['orchestrator', 'health-monitor', 'switcher', 'rollback', 'runtime-agent']) {
      const log = readFileSync(join(stack.dataDir, 'logs', `${component}.log`), 'utf8');
      expect([component, log.split('\n').filter((line) => /forbidden|pod watch ended/i.test(line))]).toEqual([component, []]);
    }
  });
});

describe('what the account may not do', () => {
  const MANAGED = `${PREFIX.label}${SERVICE}`;
  /** Labels a namespace the way the runtime applies its own: server-side apply, one PATCH (kubectl label would GET first). */
  const applyNamespace = (name: string, labels: Record<string, string>) => {
    const file = join(work, `namespace-${name}.json`);
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }));
    return account.kubectl('apply', '--server-side', '--field-manager=cutover', '-f', file);
  };

  it('deleting or reading a Secret in a namespace Cutover manages is Forbidden', async () => {
    await cluster.kubectl('-n', MANAGED, 'create', 'secret', 'generic', 'db', '--from-literal=password=hunter2');
    await expect(account.kubectl('-n', MANAGED, 'delete', 'secret', 'db')).rejects.toThrow(refused('delete', 'secrets'));
    await expect(account.kubectl('-n', MANAGED, 'get', 'secrets')).rejects.toThrow(refused('list', 'secrets'));
    expect(await cluster.kubectl('-n', MANAGED, 'get', 'secret', 'db', '-o', 'name')).toBe('secret/db\n');
  });

  it('deleting its own Deployment or namespace is Forbidden', async () => {
    await expect(account.kubectl('-n', MANAGED, 'delete', 'deployment', `${SERVICE}-blue`)).rejects.toThrow(refused('delete', 'deployments'));
    await expect(account.kubectl('delete', 'namespace', MANAGED)).rejects.toThrow(refused('delete', 'namespaces'));
    expect(await cluster.kubectl('-n', MANAGED, 'get', 'deployment', `${SERVICE}-blue`, '-o', 'name')).toBe('deployment.apps/shop-blue\n');
  });

  it('writing outside the managed namespaces is Forbidden, even in a namespace with its prefix', async () => {
    await cluster.kubectl('create', 'namespace', `${PREFIX.label}other`);
    for (const namespace of ['kube-system', 'default', `${PREFIX.label}other`]) {
      await expect(account.kubectl('-n', namespace, 'create', 'service', 'clusterip', 'intruder', '--tcp=80:80')).rejects.toThrow(refused('create', 'services'));
      await expect(account.kubectl('-n', namespace, 'create', 'deployment', 'intruder', '--image=registry.example/x:1')).rejects.toThrow(refused('create', 'deployments'));
      await expect(applyNamespace(namespace, { 'pod-security.kubernetes.io/enforce': 'privileged' })).rejects.toThrow(refused('patch', 'namespaces'));
    }
    // The same apply to its own namespace passes: the RoleBinding's `namespaces` is that one namespace.
    await applyNamespace(MANAGED, { 'cutover.dev/rbac-check': 'ok' });
    await expect(account.kubectl('create', 'namespace', `${PREFIX.label}new`)).rejects.toThrow(refused('create', 'namespaces'));
  });

  it('can-i --list: in a managed namespace exactly the verbs Cutover calls, elsewhere only the pod watch', async () => {
    const rules = async (namespace: string) => {
      const out = await cluster.kubectl('auth', 'can-i', '--list', '-n', namespace, '--as', account.username);
      const verbs: Record<string, string[]> = {};
      for (const line of out.split('\n').slice(1)) {
        const row = /^(\S+)\s+\[.*?\]\s+\[.*?\]\s+\[(.*?)\]\s*$/.exec(line);
        if (row) verbs[row[1]!] = [...(verbs[row[1]!] ?? []), ...row[2]!.split(' ')].sort();
      }
      return verbs;
    };
    const selfReviews = {
      'selfsubjectreviews.authentication.k8s.io': ['create'],
      'selfsubjectaccessreviews.authorization.k8s.io': ['create'],
      'selfsubjectrulesreviews.authorization.k8s.io': ['create'],
    };
    expect(await rules(MANAGED)).toEqual({
      ...selfReviews,
      namespaces: ['patch'],
      'deployments.apps': ['create', 'get', 'patch'],
      'replicasets.apps': ['list'],
      services: ['create', 'get', 'patch'],
      pods: ['list', 'watch'],
      'pods/log': ['get'],
      events: ['list'],
      resourcequotas: ['create', 'patch'],
      limitranges: ['create', 'patch'],
      'networkpolicies.networking.k8s.io': ['create', 'patch'],
      'endpointslices.discovery.k8s.io': ['create', 'get', 'list', 'patch'],
    });
    expect(await rules('kube-system')).toEqual({ ...selfReviews, pods: ['watch'] });
  });
});
