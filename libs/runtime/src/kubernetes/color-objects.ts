// Reads everything Kubernetes says about one color: its Deployment, ReplicaSets, pods and
// the recent events of its namespace.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import type { KubernetesNames } from '@cutover/config';
import { call, readOrNull, selectorText, type KubeClient } from '@cutover/kube';
import type { ColorObjects } from './status';

export async function readColorObjects(api: KubeClient, names: KubernetesNames, service: string, color: Color): Promise<ColorObjects> {
  const namespace = names.colorNamespace(service, color);
  const name = names.deployment(service, color);
  const labelSelector = selectorText(names.podSelector(service, color));
  const [deployment, replicaSets, pods, events] = await Promise.all([
    readOrNull(`read Deployment ${namespace}/${name}`, () => api.apps.readNamespacedDeployment({ namespace, name })),
    call(`list ReplicaSets in ${namespace}`, () => api.apps.listNamespacedReplicaSet({ namespace, labelSelector })),
    call(`list pods in ${namespace}`, () => api.core.listNamespacedPod({ namespace, labelSelector })),
    call(`list events in ${namespace}`, () => api.core.listNamespacedEvent({ namespace })),
  ]);
  return {
    deployment,
    replicaSets: replicaSets.items,
    pods: pods.items,
    events: events.items.filter((e) => isAbout(e, name)),
  };
}

/** Events of the Deployment, its ReplicaSets (`<name>-<hash>`) and their pods (`<name>-<hash>-<id>`). */
function isAbout(event: CoreV1Event, deployment: string): boolean {
  const object = event.involvedObject.name ?? '';
  return object === deployment || object.startsWith(`${deployment}-`);
}
