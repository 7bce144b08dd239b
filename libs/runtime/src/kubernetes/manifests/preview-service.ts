import type { V1Service } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { KubeLabels, MANAGED_BY, type KubernetesNames, type ServiceConfig } from '@cutover/config';

/**
 * `<svc>-<color>-preview`: reaches one color's pods whether or not it is live, for tests
 * before the switch. Applied once the color is ready, so it never points at a color that
 * has not come up.
 */
export function buildPreviewService(service: ServiceConfig, color: Color, names: KubernetesNames): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: names.previewService(service.name, color),
      namespace: names.colorNamespace(service.name, color),
      labels: { [KubeLabels.name]: service.name, [KubeLabels.color]: color, [KubeLabels.managedBy]: MANAGED_BY },
    },
    spec: {
      selector: names.podSelector(service.name, color),
      ports: [{ name: 'http', port: service.router.port, targetPort: service.kubernetes.containerPort, protocol: 'TCP' }],
    },
  };
}
