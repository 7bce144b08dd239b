import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesNames, ServiceConfig } from '@cutover/config';
import { buildDeployment } from './deployment';
import { buildIsolation } from './isolation';
import { buildNamespaces } from './namespaces';
import type { ColorRelease } from './release';

/** Everything a color needs to run a release, in the order it must be applied. */
export function environmentObjects(service: ServiceConfig, release: ColorRelease, names: KubernetesNames): KubernetesObject[] {
  return [
    ...buildNamespaces(service.name, names),
    ...(names.mode === 'namespace' ? buildIsolation(service, release.color, names) : []),
    buildDeployment(service, release, names),
  ];
}
