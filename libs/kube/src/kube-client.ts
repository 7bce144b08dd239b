import type * as K8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@cutover/config';
import { call } from './call';
import { loadClient } from './client-module';
import { loadKubeConfig } from './kube-config';
import { PodWatch, type PodWatchHandlers } from './pod-watch';

// Long enough for a large list on a busy API server; a request that takes longer is retried.
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** The API groups Cutover uses, and the writes it makes as FIELD_MANAGER. */
export class KubeClient {
  private constructor(
    readonly core: K8s.CoreV1Api,
    readonly apps: K8s.AppsV1Api,
    readonly discovery: K8s.DiscoveryV1Api,
    private readonly versions: K8s.VersionApi,
    private readonly objects: K8s.KubernetesObjectApi,
    private readonly watcher: K8s.Watch,
    private readonly k8s: typeof K8s,
  ) {}

  /**
   * A loaded configuration, a kubeconfig path, or null for the client's default ($KUBECONFIG,
   * ~/.kube/config, in-cluster). Every request but a watch is aborted after requestTimeoutMs,
   * so an API server that accepts connections but never answers cannot hang a switch.
   */
  static async connect(config: K8s.KubeConfig | string | null, opts: { requestTimeoutMs?: number } = {}): Promise<KubeClient> {
    const k8s = await loadClient();
    const kc = config instanceof k8s.KubeConfig ? config : await loadKubeConfig(config);
    const configuration = withRequestTimeout(k8s, kc, opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    return new KubeClient(
      new k8s.CoreV1Api(configuration),
      new k8s.AppsV1Api(configuration),
      new k8s.DiscoveryV1Api(configuration),
      new k8s.VersionApi(configuration),
      // Without the context's default namespace: every object Cutover applies names its own.
      new k8s.KubernetesObjectApi(configuration),
      new k8s.Watch(kc),
      k8s,
    );
  }

  /**
   * Server-side apply as Cutover: one idempotent request that creates or updates, taking over
   * fields others changed. With metadata.resourceVersion set it only succeeds on that version
   * (a KubernetesApiError with status 409 otherwise, not retried: the caller reads again).
   */
  apply<T extends K8s.KubernetesObject>(object: T): Promise<T> {
    const where = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
    return call(
      `apply ${object.kind} ${where}${object.metadata?.name}`,
      () => this.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, this.k8s.PatchStrategy.ServerSideApply),
      { conditional: !!object.metadata?.resourceVersion },
    );
  }

  /** A JSON merge patch of a Deployment: changes only the fields given. */
  mergePatchDeployment(namespace: string, name: string, body: object): Promise<K8s.V1Deployment> {
    return call(`patch Deployment ${namespace}/${name}`, () =>
      this.apps.patchNamespacedDeployment(
        { namespace, name, body, fieldManager: FIELD_MANAGER },
        this.k8s.setHeaderOptions('Content-Type', this.k8s.PatchStrategy.MergePatch),
      ),
    );
  }

  /** GET /version, tried once: the cheapest call that proves the API server answers and accepts our credentials. */
  async serverVersion(): Promise<string> {
    return (await call('read version', () => this.versions.getCode(), { once: true })).gitVersion;
  }

  /** Follows the pods with these labels in every namespace until stop(). */
  watchPods(labelSelector: string, handlers: PodWatchHandlers): PodWatch {
    const watch = new PodWatch(this.watcher, labelSelector, handlers);
    watch.start();
    return watch;
  }
}

/** The configuration makeApiClient builds, plus a deadline on each request. */
function withRequestTimeout(k8s: typeof K8s, kc: K8s.KubeConfig, timeoutMs: number): K8s.Configuration {
  const cluster = kc.getCurrentCluster()!;
  return k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (context) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          return context;
        },
        post: async (response) => response,
      },
    ],
  });
}
