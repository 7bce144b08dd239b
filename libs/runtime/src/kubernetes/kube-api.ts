// The few Kubernetes calls the runtime makes, with errors turned into KubernetesApiError so
// callers see the server's own message ("pods is forbidden: exceeded quota ...").
// @kubernetes/client-node is an ES module of several megabytes: it is loaded on connect, so
// processes and tests that never talk to Kubernetes do not pay for it.
import type * as K8s from '@kubernetes/client-node';
import { FIELD_MANAGER } from '@cutover/config';
import { KubeconfigError, KubernetesApiError } from './errors';

let clientModule: Promise<typeof K8s> | null = null;
const loadClient = (): Promise<typeof K8s> => (clientModule ??= import('@kubernetes/client-node'));

/** The kubeconfig at path, or the client's default ($KUBECONFIG, ~/.kube/config, in-cluster). */
export async function loadKubeConfig(path: string | null): Promise<K8s.KubeConfig> {
  const { KubeConfig } = await loadClient();
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (cause) {
    throw new KubeconfigError(path, { cause });
  }
  if (!kc.getCurrentCluster()) throw new KubeconfigError(path, { cause: new Error('it names no current cluster') });
  return kc;
}

export class KubeApi {
  private constructor(
    readonly core: K8s.CoreV1Api,
    readonly apps: K8s.AppsV1Api,
    private readonly objects: K8s.KubernetesObjectApi,
    private readonly k8s: typeof K8s,
  ) {}

  static async connect(config: K8s.KubeConfig | string | null): Promise<KubeApi> {
    const k8s = await loadClient();
    const kc = config instanceof k8s.KubeConfig ? config : await loadKubeConfig(config as string | null);
    return new KubeApi(kc.makeApiClient(k8s.CoreV1Api), kc.makeApiClient(k8s.AppsV1Api), k8s.KubernetesObjectApi.makeApiClient(kc), k8s);
  }

  /** Server-side apply as Cutover: creates or updates in one idempotent request, taking over fields others changed. */
  apply<T extends K8s.KubernetesObject>(object: T): Promise<T> {
    const where = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
    return call(`apply ${object.kind} ${where}${object.metadata?.name}`, () =>
      this.objects.patch(object, undefined, undefined, FIELD_MANAGER, true, this.k8s.PatchStrategy.ServerSideApply),
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
}

/** Runs one API call; every failure becomes a KubernetesApiError with the server's message. */
export async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const status = statusOf(cause);
    throw new KubernetesApiError(operation, status, detailOf(cause, status), { cause });
  }
}

/** Like call, but a 404 is null. */
export async function readOrNull<T>(operation: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await call(operation, fn);
  } catch (err) {
    if (err instanceof KubernetesApiError && err.status === 404) return null;
    throw err;
  }
}

// The client's ApiException carries the HTTP status as `code` and the server's Status as `body`.
function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' && 'body' in (err as object) ? code : undefined;
}

function detailOf(err: unknown, status: number | undefined): string {
  if (status !== undefined) {
    const raw = (err as { body?: unknown }).body;
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
    const body: unknown = typeof text === 'string' ? parseJson(text) : text;
    const message = (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? `${message} (HTTP ${status})` : `HTTP ${status}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
