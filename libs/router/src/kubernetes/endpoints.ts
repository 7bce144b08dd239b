// EndpointSlices: the ones Cutover writes in namespace mode, and the check, in both modes,
// that the live Service's slices list only the new color's pods.
import type { V1Endpoint, V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { ENDPOINT_SLICE_MANAGER, KubeLabels, MANAGED_BY, type KubernetesNames } from '@cutover/config';

export const isReady = (pod: V1Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The pods as the EndpointSlice controller would list them: every pod with an IP, ready or not, in name order. */
export function podEndpoints(pods: V1Pod[]): V1Endpoint[] {
  return pods
    .filter((p) => p.status?.podIP && !p.metadata?.deletionTimestamp)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((p) => ({
      addresses: [p.status!.podIP!],
      conditions: { ready: isReady(p), serving: isReady(p), terminating: false },
      targetRef: { kind: 'Pod', name: p.metadata?.name, namespace: p.metadata?.namespace, uid: p.metadata?.uid },
      ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
    }));
}

/** Cutover's EndpointSlice of the live Service (namespace mode); with resourceVersion, written only over that version. */
export function buildEndpointSlice(
  service: string,
  names: KubernetesNames,
  color: Color,
  targetPort: number,
  endpoints: V1Endpoint[],
  resourceVersion?: string,
): V1EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: names.endpointSlice(service),
      namespace: names.serviceNamespace(service),
      labels: {
        [KubeLabels.serviceName]: names.liveService(service),
        [KubeLabels.endpointSliceManagedBy]: ENDPOINT_SLICE_MANAGER,
        [KubeLabels.managedBy]: MANAGED_BY,
        [KubeLabels.name]: service,
        [KubeLabels.color]: color,
      },
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: targetPort, protocol: 'TCP' }],
    endpoints,
  };
}

/** Same addresses, pods and readiness, in the same order. */
export function sameEndpoints(a: V1Endpoint[], b: V1Endpoint[]): boolean {
  const text = (e: V1Endpoint) => `${e.targetRef?.namespace}/${e.targetRef?.name}@${e.addresses.join(',')}:${e.conditions?.ready !== false}`;
  return a.length === b.length && a.every((e, i) => text(e) === text(b[i]!));
}

export interface Confirmation {
  confirmed: boolean;
  /** What the slices list, for the error when it never came right. */
  seen: string;
}

/** The slices list no pod but the color's, and every ready pod of the color as ready. */
export function confirmSlices(slices: V1EndpointSlice[], colorPods: V1Pod[]): Confirmation {
  const key = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;
  const own = new Set(colorPods.map((p) => key(p.metadata?.namespace, p.metadata?.name)));
  const listed = slices.flatMap((s) => (s.endpoints ?? []).map((e) => ({ e, at: key(e.targetRef?.namespace ?? s.metadata?.namespace, e.targetRef?.name) })));
  const foreign = listed.filter(({ at }) => !own.has(at)).map(({ e, at }) => e.targetRef?.name ? at : e.addresses.join(','));
  const listedReady = new Set(listed.filter(({ e }) => e.conditions?.ready !== false).map(({ at }) => at));
  const missing = colorPods.filter(isReady).map((p) => key(p.metadata?.namespace, p.metadata?.name)).filter((at) => !listedReady.has(at));
  const seen = [
    `${listed.length} endpoint(s) in ${slices.length} slice(s)`,
    ...(foreign.length > 0 ? [`not of the color: ${foreign.join(', ')}`] : []),
    ...(missing.length > 0 ? [`ready pods not listed as ready: ${missing.join(', ')}`] : []),
  ].join('; ');
  return { confirmed: foreign.length === 0 && missing.length === 0, seen };
}
