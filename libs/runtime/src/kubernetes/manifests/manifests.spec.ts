import type { V1Deployment, V1LimitRange, V1NetworkPolicy, V1ResourceQuota } from '@kubernetes/client-node';
import { kubernetesNames } from '@cutover/config';
import { serviceConfig } from '../testing/service-config';
import { buildDeployment } from './deployment';
import { environmentObjects } from './environment';
import { buildIsolation } from './isolation';
import { buildNamespaces } from './namespaces';
import { buildPreviewService } from './preview-service';
import type { ColorRelease } from './release';

const label = kubernetesNames({ mode: 'label', namespacePrefix: 'cutover-' });
const isolated = kubernetesNames({ mode: 'namespace', namespacePrefix: 'cutover-' });

const shop = serviceConfig('shop', {
  env: { GREETING: 'hello', FAULT: 'none' },
  readinessPath: '/ready',
  stopGracePeriodMs: 2_500,
  kubernetes: { replicas: 3, containerPort: 3000, resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } }, quota: { pods: '6', 'requests.cpu': '1' } },
  policy: { readinessTimeoutMs: 20_500, probe: { path: '/live', intervalMs: 500, timeoutMs: 1_500, failureThreshold: 4, successThreshold: 2 } },
});

const release: ColorRelease = {
  color: 'green',
  version: '2.0.0+build.7',
  image: 'registry.example/shop:2.0.0',
  env: { FAULT: 'latency' },
  specHash: 'abcdef0123456789',
  appliedAt: new Date('2025-03-01T10:00:00.000Z'),
};

describe('buildDeployment', () => {
  const deployment: V1Deployment = buildDeployment(shop, release, label);
  const container = deployment.spec!.template.spec!.containers[0]!;

  it('is <svc>-<color> in the service namespace, selecting exactly that color\'s pods', () => {
    expect(deployment.metadata).toMatchObject({ name: 'shop-green', namespace: 'cutover-shop' });
    expect(deployment.spec!.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'shop', 'cutover.dev/color': 'green' });
    expect(deployment.spec!.replicas).toBe(3);
  });

  it('labels the version (made label-safe) and keeps the exact version, spec hash and apply time in annotations', () => {
    expect(deployment.metadata!.labels).toEqual({
      'app.kubernetes.io/name': 'shop',
      'cutover.dev/color': 'green',
      'app.kubernetes.io/managed-by': 'cutover',
      'cutover.dev/version': '2.0.0_build.7',
    });
    expect(deployment.metadata!.annotations).toEqual({
      'cutover.dev/version': '2.0.0+build.7',
      'cutover.dev/spec-hash': 'abcdef0123456789',
      'cutover.dev/applied-at': '2025-03-01T10:00:00.000Z',
    });
    expect(deployment.spec!.template.metadata!.labels).toMatchObject({ 'cutover.dev/spec-hash': 'abcdef0123456789', 'cutover.dev/color': 'green' });
  });

  it('gives the container the service env, then the release env, then Cutover\'s own variables', () => {
    expect(container.image).toBe('registry.example/shop:2.0.0');
    expect(container.env).toEqual([
      { name: 'COLOR', value: 'green' },
      { name: 'CUTOVER_SERVICE', value: 'shop' },
      { name: 'FAULT', value: 'latency' },
      { name: 'GREETING', value: 'hello' },
      { name: 'PORT', value: '3000' },
      { name: 'VERSION', value: '2.0.0+build.7' },
    ]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(container.resources).toEqual({ requests: { cpu: '100m' }, limits: { memory: '128Mi' } });
  });

  it('derives probes from readinessPath and the policy\'s probe, in whole seconds', () => {
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 3000 },
      periodSeconds: 1,
      timeoutSeconds: 2,
      failureThreshold: 4,
      successThreshold: 2,
    });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/live', port: 3000 }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 4, successThreshold: 1 });
    expect(container.startupProbe).toMatchObject({ httpGet: { path: '/ready', port: 3000 }, periodSeconds: 1, failureThreshold: 21 });
  });

  it('lets Kubernetes give up on the rollout at the readiness deadline, and stops pods within the grace period', () => {
    expect(deployment.spec!.progressDeadlineSeconds).toBe(21);
    expect(deployment.spec!.template.spec!.terminationGracePeriodSeconds).toBe(3);
  });

  it('labels pods with what the release\'s env says, for the labels the service maps', () => {
    const mapped = serviceConfig('shop', { kubernetes: { podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT', tier: 'TIER' } } });
    const faulty = buildDeployment(mapped, { ...release, env: { SIMULATED_FAULT: 'never-ready' } }, label);
    expect(faulty.spec!.template.metadata!.labels).toMatchObject({ 'cutover.dev/fault': 'never-ready' });
    expect(faulty.spec!.template.metadata!.labels).not.toHaveProperty('tier');
    expect(faulty.metadata!.labels).not.toHaveProperty('cutover.dev/fault');
  });

  it('names no resources when the service names none', () => {
    const plain = buildDeployment(serviceConfig('plain'), release, label);
    expect(plain.spec!.template.spec!.containers[0]!.resources).toBeUndefined();
  });
});

describe('buildPreviewService', () => {
  it('points at one color\'s pods, on the service port, targeting the container port', () => {
    expect(buildPreviewService(shop, 'blue', label)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'shop-blue-preview',
        namespace: 'cutover-shop',
        labels: { 'app.kubernetes.io/name': 'shop', 'cutover.dev/color': 'blue', 'app.kubernetes.io/managed-by': 'cutover' },
      },
      spec: {
        selector: { 'app.kubernetes.io/name': 'shop', 'cutover.dev/color': 'blue' },
        ports: [{ name: 'http', port: 80, targetPort: 3000, protocol: 'TCP' }],
      },
    });
    expect(buildPreviewService(shop, 'green', isolated).metadata!.namespace).toBe('cutover-shop-green');
  });
});

describe('namespaces', () => {
  it('label mode: one namespace for the service', () => {
    expect(buildNamespaces('shop', label).map((n) => n.metadata)).toEqual([
      { name: 'cutover-shop', labels: { 'app.kubernetes.io/managed-by': 'cutover', 'cutover.dev/service': 'shop' } },
    ]);
  });

  it('namespace mode: the service\'s namespace and one per color, labelled with it', () => {
    expect(buildNamespaces('shop', isolated).map((n) => [n.metadata!.name, n.metadata!.labels!['cutover.dev/color']])).toEqual([
      ['cutover-shop', undefined],
      ['cutover-shop-blue', 'blue'],
      ['cutover-shop-green', 'green'],
    ]);
  });
});

describe('buildIsolation (namespace mode)', () => {
  const [quota, limits, deny, allow] = buildIsolation(shop, 'blue', isolated) as [V1ResourceQuota, V1LimitRange, V1NetworkPolicy, V1NetworkPolicy];

  it('caps the color namespace with the service\'s quota', () => {
    expect(quota.metadata).toMatchObject({ name: 'cutover-quota', namespace: 'cutover-shop-blue' });
    expect(quota.spec!.hard).toEqual({ pods: '6', 'requests.cpu': '1' });
  });

  it('gives containers the service\'s requests and limits by default', () => {
    expect(limits.spec!.limits).toEqual([{ type: 'Container', _default: { memory: '128Mi' }, defaultRequest: { cpu: '100m' } }]);
  });

  it('denies ingress by default, then lets in the service namespace and the color\'s own pods', () => {
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(allow.metadata!.namespace).toBe('cutover-shop-blue');
    expect(allow.spec!.ingress).toEqual([
      { _from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cutover-shop' } } }, { podSelector: {} }] },
    ]);
  });
});

describe('environmentObjects', () => {
  it('label mode: the namespace, then the Deployment', () => {
    expect(environmentObjects(shop, release, label).map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual(['Namespace/cutover-shop', 'Deployment/shop-green']);
  });

  it('namespace mode: namespaces, the color\'s fences, then the Deployment in the color\'s namespace', () => {
    const objects = environmentObjects(shop, release, isolated);
    expect(objects.map((o) => `${o.kind}/${o.metadata!.namespace ?? ''}/${o.metadata!.name}`)).toEqual([
      'Namespace//cutover-shop',
      'Namespace//cutover-shop-blue',
      'Namespace//cutover-shop-green',
      'ResourceQuota/cutover-shop-green/cutover-quota',
      'LimitRange/cutover-shop-green/cutover-limits',
      'NetworkPolicy/cutover-shop-green/cutover-default-deny-ingress',
      'NetworkPolicy/cutover-shop-green/cutover-allow-service-and-color',
      'Deployment/cutover-shop-green/shop-green',
    ]);
  });
});
