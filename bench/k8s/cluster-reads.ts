// What the benchmark reads from and does to the cluster itself, through the API rather than
// through Cutover: the pods of a color, a label on them, the server's version.
import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, VersionApi } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import type { KubernetesNames } from '@cutover/config';

const selector = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** The color's pods and the namespace they run in. */
export async function colorPods(kc: KubeConfig, names: KubernetesNames, service: string, color: Color) {
  const namespace = names.colorNamespace(service, color);
  const { items } = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace, labelSelector: selector(names.podSelector(service, color)) });
  return { namespace, pods: items };
}

/** The names of the color's pods whose Ready condition is True. */
export async function readyPods(kc: KubeConfig, names: KubernetesNames, service: string, color: Color): Promise<string[]> {
  const { pods } = await colorPods(kc, names, service, color);
  return pods
    .filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => p.metadata!.name!)
    .sort();
}

/** Adds labels to the pods, all at once (what `kubectl label pods -l ...` does). */
export async function labelPods(kc: KubeConfig, namespace: string, pods: string[], labels: Record<string, string>): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  await Promise.all(pods.map((name) => core.patchNamespacedPod({ namespace, name, body: { metadata: { labels } } }, mergePatch)));
}

export async function serverVersion(kc: KubeConfig): Promise<string> {
  return (await kc.makeApiClient(VersionApi).getCode()).gitVersion;
}
