import { kubernetesNames, labelValue } from './kubernetes-names';
import { parseConfig } from './parse';
import { problemsOf as problemsOfIn } from './testing/problems-of';

const FILE = '/srv/cutover/deploy/cutover.yaml';

const k8s = (runtime: string, service = '') => `
version: 1
runtime: ${runtime}
services:
  shop:
    image: registry.example/shop:1.0.0
    router: { port: 80 }
${service}`;

const problemsOf = (text: string) => problemsOfIn(text, FILE);

describe('parseConfig: the kubernetes runtime', () => {
  it('defaults to label mode, the cutover- prefix and the client\'s own kubeconfig', () => {
    const config = parseConfig(k8s('{ kind: kubernetes }'), FILE);
    expect(config.runtime).toEqual({ kind: 'kubernetes', kubeconfig: null, mode: 'label', namespacePrefix: 'cutover-' });
    expect(config.services.shop).toMatchObject({
      command: [],
      image: 'registry.example/shop:1.0.0',
      kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: { pods: '2' }, podLabelsFromEnv: {} },
    });
  });

  it('takes every runtime and service setting, resolving the kubeconfig against the file\'s folder', () => {
    const config = parseConfig(
      k8s(
        '{ kind: kubernetes, kubeconfig: ../k8s/kubeconfig, mode: namespace, namespacePrefix: team-a- }',
        `    instances: 2
    kubernetes:
      containerPort: 3000
      resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { cpu: 1, memory: 0.5Gi } }
      quota: { pods: 5, requests.cpu: "2", count/services: 3 }
      podLabelsFromEnv: { cutover.dev/fault: SIMULATED_FAULT }
`,
      ),
      FILE,
    );
    expect(config.runtime).toEqual({ kind: 'kubernetes', kubeconfig: '/srv/cutover/k8s/kubeconfig', mode: 'namespace', namespacePrefix: 'team-a-' });
    expect(config.services.shop!.kubernetes).toEqual({
      replicas: 2,
      containerPort: 3000,
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '0.5Gi' } },
      quota: { pods: '5', 'requests.cpu': '2', 'count/services': '3' },
      podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT' },
    });
  });

  it('lets replicas differ from instances, and sizes the default quota after replicas', () => {
    const shop = parseConfig(k8s('{ kind: kubernetes }', '    instances: 2\n    kubernetes: { replicas: 3 }\n'), FILE).services.shop!;
    expect(shop.instances).toBe(2);
    expect(shop.kubernetes.replicas).toBe(3);
    expect(shop.kubernetes.quota).toEqual({ pods: '6' });
  });

  it('needs no command, and lets two services use one port, each on its own Service', () => {
    const config = parseConfig(`${k8s('{ kind: kubernetes }')}  cart: { image: cart:1, router: { port: 80 } }\n`, FILE);
    expect(config.services.cart!.router.port).toBe(80);
    expect(config.services.shop!.router.port).toBe(80);
  });

  it('still needs a command, and refuses kubernetes settings, with the local runtime', () => {
    expect(problemsOf(k8s('{ kind: local, mode: label, kubeconfig: k }'))).toEqual([
      { path: 'runtime.kubeconfig', message: 'only applies when runtime.kind is kubernetes', line: 3, column: 38 },
      { path: 'runtime.mode', message: 'only applies when runtime.kind is kubernetes', line: 3, column: 25 },
      { path: 'services.shop.command', message: 'is required when runtime.kind is local', line: 5, column: 3 },
    ]);
  });

  it('names a bad mode or namespace prefix', () => {
    expect(problemsOf(k8s('{ kind: kubernetes, mode: colors, namespacePrefix: Team_ }'))).toEqual([
      { path: 'runtime.mode', message: 'must be label or namespace, not "colors"', line: 3, column: 30 },
      { path: 'runtime.namespacePrefix', message: 'must be lowercase letters, digits and -, starting with a letter or digit', line: 3, column: 44 },
    ]);
  });

  it('refuses service names Kubernetes would refuse: a leading digit, or too long once prefixed', () => {
    const long = `s${'x'.repeat(50)}`;
    const text = `version: 1\nruntime: { kind: kubernetes, mode: namespace }\nservices:\n  1shop: { image: a, router: { port: 80 } }\n  ${long}: { image: a, router: { port: 80 } }\n`;
    expect(problemsOf(text)).toEqual([
      { path: 'services.1shop', message: 'must start with a letter on Kubernetes, where it names a Service', line: 4, column: 3 },
      {
        path: `services.${long}`,
        message: `is too long for Kubernetes: "cutover-${long}-green" would exceed 63 characters`,
        line: 5,
        column: 3,
      },
    ]);
  });

  it('names quantities and quota resources Kubernetes cannot read', () => {
    const text = k8s('{ kind: kubernetes }', '    kubernetes:\n      resources: { requests: { cpu: lots } }\n      quota: { pods: 2x, Bad_Key: 1 }\n');
    expect(problemsOf(text)).toEqual([
      { path: 'services.shop.kubernetes.resources.requests.cpu', message: expect.stringContaining('"lots" is not a Kubernetes quantity'), line: 9, column: 32 },
      { path: 'services.shop.kubernetes.quota.pods', message: expect.stringContaining('"2x" is not a Kubernetes quantity'), line: 10, column: 16 },
      { path: 'services.shop.kubernetes.quota.Bad_Key', message: expect.stringContaining('is not a ResourceQuota resource name'), line: 10, column: 26 },
    ]);
  });

  it('names pod labels it cannot set from the environment', () => {
    const text = k8s('{ kind: kubernetes }', '    kubernetes:\n      podLabelsFromEnv: { "bad key": A, cutover.dev/color: B, tier: 1X }\n');
    expect(problemsOf(text)).toEqual([
      { path: 'services.shop.kubernetes.podLabelsFromEnv.bad key', message: expect.stringContaining('is not a Kubernetes label key'), line: 9, column: 27 },
      { path: 'services.shop.kubernetes.podLabelsFromEnv.cutover.dev/color', message: 'is a label Cutover sets itself', line: 9, column: 41 },
      { path: 'services.shop.kubernetes.podLabelsFromEnv.tier', message: expect.stringContaining('"1X" is not a valid environment variable name'), line: 9, column: 63 },
    ]);
  });

  it('names an unknown field of the kubernetes block', () => {
    expect(problemsOf(k8s('{ kind: kubernetes }', '    kubernetes: { replica: 2 }\n'))).toEqual([
      { path: 'services.shop.kubernetes.replica', message: 'is not a known field', line: 8, column: 19 },
    ]);
  });
});

describe('kubernetesNames', () => {
  it('label mode: one namespace per service, colors told apart by name and labels', () => {
    const names = kubernetesNames({ mode: 'label', namespacePrefix: 'cutover-' });
    expect(names.namespaces('shop')).toEqual(['cutover-shop']);
    expect(names.colorNamespace('shop', 'green')).toBe('cutover-shop');
    expect(names.deployment('shop', 'green')).toBe('shop-green');
    expect(names.previewService('shop', 'blue')).toBe('shop-blue-preview');
    expect(names.liveService('shop')).toBe('shop');
    expect(names.podSelector('shop', 'blue')).toEqual({ 'app.kubernetes.io/name': 'shop', 'cutover.dev/color': 'blue' });
  });

  it('namespace mode: the live Service in the service\'s namespace, each color in its own', () => {
    const names = kubernetesNames({ mode: 'namespace', namespacePrefix: 'x-' });
    expect(names.namespaces('shop')).toEqual(['x-shop', 'x-shop-blue', 'x-shop-green']);
    expect(names.serviceNamespace('shop')).toBe('x-shop');
    expect(names.colorNamespace('shop', 'green')).toBe('x-shop-green');
  });
});

describe('labelValue', () => {
  it('keeps a plain version, and makes any other fit a label value', () => {
    expect(labelValue('1.8.0')).toBe('1.8.0');
    expect(labelValue('v2.0.0-rc.1+build.7')).toBe('v2.0.0-rc.1_build.7');
    expect(labelValue(`1.0.0-${'a'.repeat(80)}`)).toHaveLength(63);
    expect(labelValue('1.0.0-x.-')).toBe('1.0.0-x');
  });
});
