// Every manifest under deploy/ against a real API server with server-side dry-run: the
// server validates each object against its schema (strict field validation) and runs
// admission, so a wrong field fails here instead of at someone's install.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { COLORS } from '@cutover/contracts';
import { kubernetesNames, parseConfig, type KubernetesMode } from '@cutover/config';
import { startTestCluster, type TestCluster } from '@cutover/testkit';
// The builders themselves, not a copy: the templates must say what Cutover really applies.
import { environmentObjects } from '../libs/runtime/src/kubernetes/manifests/environment';
import { buildPreviewService } from '../libs/runtime/src/kubernetes/manifests/preview-service';
import { buildLiveService } from '../libs/router/src/kubernetes/live-service';

const DEPLOY = __dirname;
const SERVICES = ['health-monitor', 'orchestrator', 'rollback', 'runtime-agent', 'switcher'];
const SERVICE_ACCOUNT = 'system:serviceaccount:cutover-system:cutover';

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

let cluster: TestCluster;
let work: string;

beforeAll(async () => {
  cluster = await startTestCluster(1);
  work = mkdtempSync(join(tmpdir(), 'cutover-manifests-'));
});

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function documents(text: string): Manifest[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Manifest);
}

function fileOf(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** Namespaces for real (a dry-run object cannot land in a namespace that does not exist), then a server-side dry-run of everything. */
async function dryRun(name: string, text: string): Promise<string[]> {
  const namespaces = documents(text).filter((d) => d.kind === 'Namespace');
  if (namespaces.length > 0) {
    const file = fileOf(`${name}.namespaces.json`, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: namespaces }));
    await cluster.kubectl('apply', '-f', file);
  }
  const out = await cluster.kubectl('apply', '--dry-run=server', '-o', 'name', '-f', fileOf(`${name}.yaml`, text));
  return out.trim().split('\n').sort();
}

const kustomize = (overlay: string) => cluster.kubectl('kustomize', join(DEPLOY, 'kustomize/overlays', overlay));

describe('deploy/kustomize', () => {
  it.each(['dev', 'production'])('the %s overlay renders and every object passes a server-side dry-run', async (overlay) => {
    const names = await dryRun(overlay, await kustomize(overlay));
    const configMap = names.find((n) => n.startsWith('configmap/cutover-config-'));
    expect(configMap).toBeDefined();
    expect(names).toEqual(
      [
        'namespace/cutover-system',
        'namespace/cutover-shop',
        'serviceaccount/cutover',
        'clusterrole.rbac.authorization.k8s.io/cutover',
        'clusterrole.rbac.authorization.k8s.io/cutover-managed-namespace',
        'clusterrolebinding.rbac.authorization.k8s.io/cutover',
        'rolebinding.rbac.authorization.k8s.io/cutover',
        configMap!,
        'service/nats',
        'statefulset.apps/nats',
        ...SERVICES.flatMap((s) => [`deployment.apps/${s}`, `service/${s}`]),
      ].sort(),
    );
  });

  it('dev runs the :dev images, production the release, each Deployment on the generated ConfigMap', async () => {
    for (const [overlay, tag] of [['dev', 'dev'], ['production', '0.1.0']] as const) {
      const objects = documents(await kustomize(overlay));
      const configMap = objects.find((o) => o.kind === 'ConfigMap')!.metadata.name;
      for (const service of SERVICES) {
        const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service)!;
        const pod = (deployment.spec as { template: { spec: PodSpec } }).template.spec;
        expect(pod.containers[0]!.image).toBe(`cutover/${service}:${tag}`);
        expect(pod.volumes.find((v) => v.name === 'config')!.configMap!.name).toBe(configMap);
      }
    }
  });

  it('gives the cutover ServiceAccount what the runtime and routers call in its managed namespaces, and not deletion or secrets', async () => {
    const rbac = documents(await kustomize('dev')).filter((o) => ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'RoleBinding'].includes(o.kind));
    await cluster.kubectl('apply', '-f', fileOf('rbac.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rbac })));
    const can = async (...args: string[]) =>
      (await cluster.kubectl('auth', 'can-i', ...args, '--as', SERVICE_ACCOUNT).catch((e: { stdout?: string }) => e.stdout ?? '')).trim();
    for (const allowed of [
      ['patch', 'namespaces/cutover-shop', '-n', 'cutover-shop'],
      ['patch', 'deployments.apps', '-n', 'cutover-shop'],
      ['get', 'deployments.apps', '-n', 'cutover-shop'],
      ['list', 'replicasets.apps', '-n', 'cutover-shop'],
      ['list', 'pods', '-n', 'cutover-shop'],
      ['watch', 'pods', '--all-namespaces'],
      ['get', 'pods', '--subresource=log', '-n', 'cutover-shop'],
      ['list', 'events', '-n', 'cutover-shop'],
      ['patch', 'services', '-n', 'cutover-shop'],
      ['create', 'resourcequotas', '-n', 'cutover-shop'],
      ['patch', 'networkpolicies.networking.k8s.io', '-n', 'cutover-shop'],
      ['list', 'endpointslices.discovery.k8s.io', '-n', 'cutover-shop'],
    ]) {
      expect([allowed.join(' '), await can(...allowed)]).toEqual([allowed.join(' '), 'yes']);
    }
    for (const denied of [
      ['delete', 'deployments.apps', '-n', 'cutover-shop'],
      ['delete', 'namespaces'],
      ['create', 'namespaces'],
      ['patch', 'namespaces/kube-system', '-n', 'kube-system'],
      ['patch', 'deployments.apps', '-n', 'default'],
      ['list', 'pods', '--all-namespaces'],
      ['get', 'secrets', '-n', 'cutover-shop'],
      ['create', 'pods', '-n', 'cutover-shop'],
      ['update', 'clusterroles.rbac.authorization.k8s.io'],
    ]) {
      expect([denied.join(' '), await can(...denied)]).toEqual([denied.join(' '), 'no']);
    }
  });
});

interface PodSpec {
  containers: { image: string }[];
  volumes: { name: string; configMap?: { name: string } }[];
}

describe('deploy/templates', () => {
  const template = (mode: KubernetesMode) => readFileSync(join(DEPLOY, 'templates', `shop-${mode}-mode.yaml`), 'utf8');

  it('label mode: every object passes a server-side dry-run', async () => {
    expect(await dryRun('label', template('label'))).toEqual(
      [
        'namespace/cutover-shop',
        'deployment.apps/shop-blue',
        'deployment.apps/shop-green',
        'service/shop',
        'service/shop-blue-preview',
        'service/shop-green-preview',
      ].sort(),
    );
  });

  it('namespace mode: every object passes a server-side dry-run', async () => {
    const perColor = (c: string) => [`deployment.apps/shop-${c}`, `service/shop-${c}-preview`];
    const fence = ['resourcequota/cutover-quota', 'limitrange/cutover-limits', 'networkpolicy.networking.k8s.io/cutover-default-deny-ingress', 'networkpolicy.networking.k8s.io/cutover-allow-service-and-color'];
    expect(await dryRun('namespace', template('namespace'))).toEqual(
      ['namespace/cutover-shop', 'namespace/cutover-shop-blue', 'namespace/cutover-shop-green', 'service/shop', ...perColor('blue'), ...perColor('green'), ...fence, ...fence].sort(),
    );
  });

  it.each(['label', 'namespace'] as const)('%s mode: the template is what the runtime and router apply', (mode) => {
    expect(documents(template(mode))).toEqual(generated(mode));
  });
});

describe('the dry-run path', () => {
  it('rejects a field of the wrong type and an unknown field, so a broken manifest fails this test', async () => {
    const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: broken, namespace: cutover-shop }
spec:
  selector: { matchLabels: { app: broken } }
  template:
    metadata: { labels: { app: broken } }
    spec: { containers: [{ name: app, image: app:1 }] }
${spec}`;
    await expect(dryRun('valid', deployment('  replicas: 2\n'))).resolves.toEqual(['deployment.apps/broken']);
    await expect(dryRun('wrong-type', deployment('  replicas: two\n'))).rejects.toThrow(/replicas/);
    await expect(dryRun('unknown-field', deployment('  replica: 2\n'))).rejects.toThrow(/unknown field "spec.replica"/);
  });
});

/** What Cutover applies for the templates' `shop`, minus the per-release bookkeeping it adds. */
function generated(mode: KubernetesMode): Manifest[] {
  const config = parseConfig(readFileSync(join(DEPLOY, 'templates', 'cutover.yaml'), 'utf8').replace('mode: label', `mode: ${mode}`), resolve(DEPLOY, 'templates/cutover.yaml'));
  const service = config.services.shop!;
  const names = kubernetesNames({ mode, namespacePrefix: 'cutover-' });
  const objects = COLORS.flatMap((color) => [
    ...environmentObjects(service, { color, version: '1.0.0', image: service.image!, env: {}, specHash: '', appliedAt: new Date(0) }, names),
    buildPreviewService(service, color, names),
  ]);
  const live = buildLiveService('shop', names, { port: service.router.port, targetPort: service.kubernetes.containerPort }, mode === 'label' ? names.podSelector('shop', 'blue') : null, {});
  const unique = [...objects, live].filter((o, i, all) => all.findIndex((p) => p.kind === o.kind && p.metadata?.namespace === o.metadata?.namespace && p.metadata?.name === o.metadata?.name) === i);
  // The client library's names for `from` and `default`, which it renames on the wire.
  const wire = JSON.stringify(unique).replace(/"_from"/g, '"from"').replace(/"_default"/g, '"default"');
  return (JSON.parse(wire) as Manifest[]).map(withoutBookkeeping);
}

function withoutBookkeeping(object: Manifest): Manifest {
  const strip = (meta: { labels?: Record<string, string>; annotations?: Record<string, string> }) => {
    for (const map of ['labels', 'annotations'] as const) {
      for (const key of ['cutover.dev/spec-hash', 'cutover.dev/applied-at']) delete meta[map]?.[key];
      if (meta[map] && Object.keys(meta[map]).length === 0) delete meta[map];
    }
  };
  strip(object.metadata);
  const template = (object.spec as { template?: { metadata: Manifest['metadata'] } } | undefined)?.template;
  if (template) strip(template.metadata);
  return object;
}
