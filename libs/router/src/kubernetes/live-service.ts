// The live Service of a service: what it is called, which port it serves, and the
// annotations that record the switch on the Service itself, so the routing survives any
// restart of Cutover and can be read with kubectl.
import type { V1Service } from '@kubernetes/client-node';
import { COLORS, type Color } from '@cutover/contracts';
import { KubeAnnotations, KubeLabels, MANAGED_BY, type KubernetesNames } from '@cutover/config';
import type { SwitchContext } from '../router';


export interface LivePorts {
  /** The Service port clients use. */
  port: number;
  /** Where the pods listen. */
  targetPort: number;
}

export function asColor(value: string | undefined): Color | null {
  return COLORS.find((c) => c === value) ?? null;
}

/**
 * Annotations after a switch to color: the previous color and version are what was active
 * before, unless the Service was already on color (then they are kept as they were).
 */
export function switchAnnotations(current: V1Service | null, color: Color, version: string | null, context: SwitchContext, now: Date): Record<string, string> {
  const before = current?.metadata?.annotations ?? {};
  const activeBefore = asColor(before[KubeAnnotations.activeColor]);
  const previous =
    activeBefore && activeBefore !== color
      ? { color: activeBefore, version: before[KubeAnnotations.activeVersion] }
      : { color: before[KubeAnnotations.previousColor], version: before[KubeAnnotations.previousVersion] };
  return {
    [KubeAnnotations.activeColor]: color,
    ...(version ? { [KubeAnnotations.activeVersion]: version } : {}),
    ...(previous.color ? { [KubeAnnotations.previousColor]: previous.color } : {}),
    ...(previous.version ? { [KubeAnnotations.previousVersion]: previous.version } : {}),
    ...(context.deploymentId ? { [KubeAnnotations.deploymentId]: context.deploymentId } : {}),
    [KubeAnnotations.switchedAt]: now.toISOString(),
  };
}

/** The live Service: with a selector of one color (label mode), or none (namespace mode: Cutover writes its EndpointSlice). */
export function buildLiveService(
  service: string,
  names: KubernetesNames,
  ports: LivePorts,
  selector: Record<string, string> | null,
  annotations: Record<string, string>,
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: names.liveService(service),
      namespace: names.serviceNamespace(service),
      labels: { [KubeLabels.name]: service, [KubeLabels.managedBy]: MANAGED_BY },
      annotations,
    },
    spec: {
      ...(selector ? { selector } : {}),
      ports: [{ name: 'http', port: ports.port, targetPort: ports.targetPort, protocol: 'TCP' }],
    },
  };
}
