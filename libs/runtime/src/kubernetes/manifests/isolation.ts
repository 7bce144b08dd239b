// Namespace mode: each color's namespace is fenced off. A quota caps what a release may
// take, a LimitRange gives containers that name no resources the service's, and network
// policies let in only the service's own namespace (where the live Service is) and the
// color's own pods.
import type { V1LimitRange, V1NetworkPolicy, V1ResourceQuota } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { KubeLabels, MANAGED_BY, type KubernetesNames, type ServiceConfig } from '@cutover/config';

export const QUOTA_NAME = 'cutover-quota';
export const LIMITS_NAME = 'cutover-limits';
export const DENY_POLICY_NAME = 'cutover-default-deny-ingress';
export const ALLOW_POLICY_NAME = 'cutover-allow-service-and-color';

type IsolationObject = V1ResourceQuota | V1LimitRange | V1NetworkPolicy;

export function buildIsolation(service: ServiceConfig, color: Color, names: KubernetesNames): IsolationObject[] {
  const namespace = names.colorNamespace(service.name, color);
  const metadata = (name: string) => ({
    name,
    namespace,
    labels: { [KubeLabels.name]: service.name, [KubeLabels.color]: color, [KubeLabels.managedBy]: MANAGED_BY },
  });
  const { requests, limits } = service.kubernetes.resources;
  return [
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: metadata(QUOTA_NAME), spec: { hard: { ...service.kubernetes.quota } } },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: metadata(LIMITS_NAME),
      spec: {
        limits: [
          {
            type: 'Container',
            ...(Object.keys(limits).length > 0 ? { _default: { ...limits } } : {}),
            ...(Object.keys(requests).length > 0 ? { defaultRequest: { ...requests } } : {}),
          },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(DENY_POLICY_NAME),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(ALLOW_POLICY_NAME),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            _from: [
              { namespaceSelector: { matchLabels: { [KubeLabels.namespaceName]: names.serviceNamespace(service.name) } } },
              { podSelector: {} },
            ],
          },
        ],
      },
    },
  ];
}
