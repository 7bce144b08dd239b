import type { KubernetesObject, V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { EnvironmentState } from '@cutover/contracts';
import { kubernetesNames } from '@cutover/config';
import { ManualClock } from '@cutover/core';
import { createLogger } from '@cutover/observability';
import { waitFor } from '@cutover/testkit';
import { KubernetesApiError, type KubeClient } from '@cutover/kube';
import { ColorEnvironment } from './color-environment';
import { pod } from './testing/objects';
import { serviceConfig } from './testing/service-config';

const apiException = (code: number, message: string) => Object.assign(new Error('Unsuccessful HTTP Request'), { code, body: JSON.stringify({ message }) });

/** The API as far as one color uses it: a Deployment the test rolls out by hand, and its pods. */
class FakeApi {
  deployment: V1Deployment | null = null;
  pods: V1Pod[] = [];
  applied: KubernetesObject[] = [];
  refuse: { status: number; message: string } | null = null;
  reads = 0;
  readonly core = {
    listNamespacedPod: async () => ({ items: this.pods }),
    listNamespacedEvent: async () => ({ items: [] }),
  };
  readonly apps = {
    readNamespacedDeployment: async () => {
      this.reads++;
      if (!this.deployment) throw apiException(404, 'not found');
      return this.deployment;
    },
    listNamespacedReplicaSet: async () => ({ items: [] }),
  };

  async apply<T extends KubernetesObject>(object: T): Promise<T> {
    if (this.refuse) throw new KubernetesApiError(`apply ${object.kind}`, this.refuse.status, this.refuse.message);
    this.applied.push(object);
    if (object.kind === 'Deployment') this.deployment = { ...(object as V1Deployment), metadata: { ...object.metadata, generation: 1 }, status: {} };
    return object;
  }

  async mergePatchDeployment(_namespace: string, _name: string, body: { spec: { replicas: number } }): Promise<void> {
    if (!this.deployment) throw new KubernetesApiError('patch Deployment', 404, 'not found');
    this.deployment = { ...this.deployment, spec: { ...this.deployment.spec!, replicas: body.spec.replicas } };
  }

  rollOut(): void {
    const replicas = this.deployment!.spec!.replicas!;
    this.deployment = { ...this.deployment!, status: { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: replicas } };
    const hash = this.deployment.metadata!.annotations!['cutover.dev/spec-hash']!;
    this.pods = Array.from({ length: replicas }, (_, i) => pod(`shop-blue-x-${i}`, { ready: true, hash, ip: `10.244.0.${i + 1}` }));
  }
}

function setup() {
  const api = new FakeApi();
  const states: EnvironmentState[] = [];
  const environment = new ColorEnvironment(serviceConfig('shop', { image: 'shop:1' }), 'blue', {
    api: api as unknown as KubeClient,
    names: kubernetesNames({ mode: 'label', namespacePrefix: 'cutover-' }),
    now: () => new ManualClock('2025-03-01T10:00:00.000Z').now(),
    log: createLogger('test'),
    poll: { activeMs: 5, settledMs: 5 },
    onChange: (s) => states.push(s),
  });
  return { api, states, environment };
}

const release = { service: 'shop', color: 'blue' as const, version: '1.0.0', env: {} };

describe('ColorEnvironment', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => (env = setup()));
  afterEach(() => env.environment.close());

  it('applies the namespace and the Deployment, reports starting, then ready with the pods and a preview Service', async () => {
    const started = await env.environment.ensure(release);
    expect(started).toMatchObject({ status: 'starting', reason: 'Starting', version: '1.0.0', message: 'starting 2 pod(s) of 1.0.0' });
    expect(env.api.applied.map((o) => o.kind)).toEqual(['Namespace', 'Deployment']);
    env.api.rollOut();
    await waitFor(() => env.environment.state?.status === 'ready', { timeoutMs: 2_000 });
    expect(env.environment.state!.endpoints).toEqual([{ host: '10.244.0.1', port: 8080 }, { host: '10.244.0.2', port: 8080 }]);
    await waitFor(() => env.api.applied.some((o) => o.kind === 'Service'), { timeoutMs: 2_000, what: 'the preview Service' });
  });

  it('applies nothing for a retried ensure of the release it runs', async () => {
    await env.environment.ensure(release);
    env.api.rollOut();
    await waitFor(() => env.environment.state?.status === 'ready', { timeoutMs: 2_000 });
    const applied = env.api.applied.length;
    expect((await env.environment.ensure(release)).status).toBe('ready');
    expect(env.api.applied).toHaveLength(applied);
  });

  it('does not report a read that still shows the previous release', async () => {
    await env.environment.ensure(release);
    env.api.rollOut();
    await waitFor(() => env.environment.state?.status === 'ready', { timeoutMs: 2_000 });
    const previous = env.api.deployment!;
    await env.environment.ensure({ ...release, version: '2.0.0' });
    env.api.deployment = previous;
    const seen = env.states.length;
    const reads = env.api.reads;
    await waitFor(() => env.api.reads >= reads + 3, { timeoutMs: 2_000, what: 'three more polls' });
    expect(env.states).toHaveLength(seen);
    expect(env.environment.state).toMatchObject({ status: 'starting', version: '2.0.0', reason: 'Replacing', message: 'starting 2 pod(s) of 2.0.0 (replacing 1.0.0)' });
  });

  it('fails a release the API refuses as invalid, and throws when the API is unreachable or broken', async () => {
    env.api.refuse = { status: 422, message: 'Deployment.apps "shop-blue" is invalid: spec.template.spec.containers[0].image: Required value' };
    expect(await env.environment.ensure(release)).toMatchObject({ status: 'failed', reason: 'Rejected', message: expect.stringContaining('Required value') });
    env.api.refuse = { status: 503, message: 'etcdserver: leader changed' };
    await expect(env.environment.ensure({ ...release, version: '1.0.1' })).rejects.toBeInstanceOf(KubernetesApiError);
  });

  it('scales to zero, and is stopped at once when there was no Deployment', async () => {
    await env.environment.ensure(release);
    expect(await env.environment.scaleDown('done')).toMatchObject({ status: 'stopping', message: 'stopping: done' });
    expect(env.api.deployment!.spec!.replicas).toBe(0);
    await waitFor(() => env.environment.state?.status === 'stopped', { timeoutMs: 2_000 });
    expect(env.environment.state).toMatchObject({ reason: 'ScaledDown', message: 'done' });

    const fresh = setup();
    expect(await fresh.environment.scaleDown('nothing there')).toMatchObject({ status: 'stopped', reason: 'ScaledDown' });
  });

  it('adopts a Deployment it finds, reporting its release as it is', async () => {
    await env.environment.ensure(release);
    env.api.rollOut();
    const successor = setup();
    successor.api.deployment = env.api.deployment;
    successor.api.pods = env.api.pods;
    await successor.environment.adopt(null);
    expect(successor.states).toEqual([expect.objectContaining({ status: 'ready', version: '1.0.0', specHash: env.environment.state!.specHash })]);
    successor.environment.close();
  });

  it('reports nothing without a Deployment, unless a recorded state claims one: then stopped, NotInCluster', async () => {
    await env.environment.adopt({ ...release, specHash: 'h', status: 'stopped', reason: 'ScaledDown', message: '', endpoints: [], exits: [], updatedAt: '2025-03-01T09:00:00.000Z' });
    expect(env.states).toEqual([]);
    const recorded: EnvironmentState = { ...release, specHash: 'h', status: 'ready', reason: 'Ready', message: '', endpoints: [{ host: '10.244.0.1', port: 8080 }], exits: [], updatedAt: '2025-03-01T09:00:00.000Z' };
    await env.environment.adopt(recorded);
    expect(env.states).toEqual([
      expect.objectContaining({
        status: 'stopped',
        reason: 'NotInCluster',
        version: '1.0.0',
        endpoints: [],
        message: 'Deployment cutover-shop/shop-blue was not found in the cluster; the recorded state said ready (version 1.0.0)',
      }),
    ]);
  });
});
