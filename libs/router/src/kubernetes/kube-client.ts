// The Kubernetes calls the routers make, with failures turned into KubernetesRouterApiError
// carrying the server's message. @kubernetes/client-node is an ES module of several
// megabytes: it is loaded on connect, so the local router never pays for it.
import type * as K8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@cutover/config';
import { KubernetesRouterApiError, RouterKubeconfigError } from './errors';

let clientModule: Promise<typeof K8s> | null = null;
const loadClient = (): Promise<typeof K8s> => (clientModule ??= import('@kubernetes/client-node'));

export class KubeClient {
  private constructor(
    readonly core: K8s.CoreV1Api,
    readonly apps: K8s.AppsV1Api,
    readonly discovery: K8s.DiscoveryV1Api,
    private readonly objects: K8s.KubernetesObjectApi,
    private readonly k8s: typeof K8s,
  ) {}

  /** A loaded configuration, a kubeconfig path, or null for the client's default ($KUBECONFIG, ~/.kube/config, in-cluster). */
  static async connect(config: K8s.KubeConfig | string | null): Promise<KubeClient> {
    const k8s = await loadClient();
    let kc: K8s.KubeConfig;
    if (config instanceof k8s.KubeConfig) {
      kc = config;
    } else {
      kc = new k8s.KubeConfig();
      try {
        if (config) kc.loadFromFile(config);
        else kc.loadFromDefault();
      } catch (cause) {
        throw new RouterKubeconfigError(config, { cause });
      }
      if (!kc.getCurrentCluster()) throw new RouterKubeconfigError(config, { cause: new Error('it names no current cluster') });
    }
    return new KubeClient(
      kc.makeApiClient(k8s.CoreV1Api),
      kc.makeApiClient(k8s.AppsV1Api),
      kc.makeApiClient(k8s.DiscoveryV1Api),
      k8s.KubernetesObjectApi.makeApiClient(kc),
      k8s,
    );
  }

  /**
   * Server-side apply as Cutover: one idempotent request that creates or updates. With
   * metadata.resourceVersion set it only succeeds on that version (409 otherwise).
   */
  apply<T extends K8s.KubernetesObject>(object: T): Promise<T> {
    const where = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
    return call(`apply ${object.kind} ${where}${object.metadata?.name}`, () =>
      this.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, this.k8s.PatchStrategy.ServerSideApply),
    );
  }
}

export async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const status = statusOf(cause);
    throw new KubernetesRouterApiError(operation, status, detailOf(cause, status), { cause });
  }
}

/** Like call, but a 404 is null. */
export async function readOrNull<T>(operation: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await call(operation, fn);
  } catch (err) {
    if (err instanceof KubernetesRouterApiError && err.status === 404) return null;
    throw err;
  }
}

export const selectorText = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

// The client's ApiException carries the HTTP status as `code` and the server's Status as `body`.
function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' && 'body' in (err as object) ? code : undefined;
}

function detailOf(err: unknown, status: number | undefined): string {
  if (status === undefined) return err instanceof Error ? err.message : String(err);
  const raw = (err as { body?: unknown }).body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  let body: unknown = text;
  if (typeof text === 'string') {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? `${message} (HTTP ${status})` : `HTTP ${status}`;
}
