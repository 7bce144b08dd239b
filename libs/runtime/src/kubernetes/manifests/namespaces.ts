import type { V1Namespace } from '@kubernetes/client-node';
import { COLORS } from '@cutover/contracts';
import { KubeLabels, MANAGED_BY, type KubernetesNames } from '@cutover/config';

/** Every namespace of a service: one in label mode; the service's and one per color in namespace mode. */
export function buildNamespaces(service: string, names: KubernetesNames): V1Namespace[] {
  const serviceNamespace = names.serviceNamespace(service);
  return names.namespaces(service).map((name) => {
    const color = COLORS.find((c) => name !== serviceNamespace && name === names.colorNamespace(service, c));
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          [KubeLabels.managedBy]: MANAGED_BY,
          [KubeLabels.service]: service,
          ...(color ? { [KubeLabels.color]: color } : {}),
        },
      },
    };
  });
}
