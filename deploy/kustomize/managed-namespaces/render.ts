// The namespaces a Cutover installation manages, each with the RoleBinding that grants
// Cutover the ClusterRole `cutover-managed-namespace` there and nowhere else. Cutover
// cannot create these bindings itself (it would need to hold `bind`, and a namespace it
// created would hold nothing yet); whoever installs Cutover applies them, from this list.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesNames } from '@cutover/config';
// The runtime's own builder, so these namespaces carry exactly the labels Cutover applies.
import { buildNamespaces } from '../../../libs/runtime/src/kubernetes/manifests/namespaces';

export const SERVICE_ACCOUNT = { name: 'cutover', namespace: 'cutover-system' };
export const MANAGED_NAMESPACE_ROLE = 'cutover-managed-namespace';

/** Every namespace of every service, then one RoleBinding `cutover` in each. */
export function managedNamespaceObjects(names: KubernetesNames, services: string[]): KubernetesObject[] {
  const namespaces = services.flatMap((service) => buildNamespaces(service, names));
  const bindings = namespaces.map((ns) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'cutover', namespace: ns.metadata!.name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: MANAGED_NAMESPACE_ROLE },
    subjects: [{ kind: 'ServiceAccount', ...SERVICE_ACCOUNT }],
  }));
  return [...namespaces, ...bindings];
}
