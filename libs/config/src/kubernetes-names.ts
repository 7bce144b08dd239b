// The names, labels and annotations of what Cutover creates on Kubernetes, in one place so
// the runtime (namespaces, Deployments, preview Services) and the routers (live Service,
// EndpointSlice) always agree, also across restarts and versions of Cutover.
import type { Color } from '@cutover/contracts';
import type { KubernetesMode, KubernetesRuntimeConfig } from './types';

export const KubeLabels = {
  /** The service, on every pod, Deployment and Service of it. */
  name: 'app.kubernetes.io/name',
  managedBy: 'app.kubernetes.io/managed-by',
  color: 'cutover.dev/color',
  version: 'cutover.dev/version',
  /** On pods: which release of the color they run. */
  specHash: 'cutover.dev/spec-hash',
  /** On namespaces: the service they belong to. */
  service: 'cutover.dev/service',
  /** The standard label tying an EndpointSlice to its Service. */
  serviceName: 'kubernetes.io/service-name',
  /** The standard label saying which controller owns an EndpointSlice. */
  endpointSliceManagedBy: 'endpointslice.kubernetes.io/managed-by',
  /** Set by Kubernetes 1.21+ on every namespace. */
  namespaceName: 'kubernetes.io/metadata.name',
} as const;

export const KubeAnnotations = {
  /** The exact version: a label can hold only part of some versions (see labelValue). */
  version: 'cutover.dev/version',
  specHash: 'cutover.dev/spec-hash',
  /** When the release was applied: the readiness deadline counts from here, also after a restart. */
  appliedAt: 'cutover.dev/applied-at',
  activeColor: 'cutover.dev/active-color',
  activeVersion: 'cutover.dev/active-version',
  previousColor: 'cutover.dev/previous-color',
  previousVersion: 'cutover.dev/previous-version',
  deploymentId: 'cutover.dev/deployment-id',
  switchedAt: 'cutover.dev/switched-at',
} as const;

export const MANAGED_BY = 'cutover';
/** endpointslice.kubernetes.io/managed-by of the slices Cutover writes (namespace mode). */
export const ENDPOINT_SLICE_MANAGER = 'cutover.dev';
/** Server-side apply field manager of everything Cutover applies. */
export const FIELD_MANAGER = 'cutover';

export interface KubernetesNames {
  readonly mode: KubernetesMode;
  /** label mode: the only namespace of the service; namespace mode: where the live Service is. */
  serviceNamespace(service: string): string;
  /** Where a color's Deployment runs. */
  colorNamespace(service: string, color: Color): string;
  /** Every namespace a service uses. */
  namespaces(service: string): string[];
  deployment(service: string, color: Color): string;
  previewService(service: string, color: Color): string;
  liveService(service: string): string;
  endpointSlice(service: string): string;
  /** Labels that select exactly one color's pods. */
  podSelector(service: string, color: Color): Record<string, string>;
}

export function kubernetesNames(runtime: Pick<KubernetesRuntimeConfig, 'mode' | 'namespacePrefix'>): KubernetesNames {
  const serviceNamespace = (service: string) => `${runtime.namespacePrefix}${service}`;
  const colorNamespace = (service: string, color: Color) =>
    runtime.mode === 'namespace' ? `${serviceNamespace(service)}-${color}` : serviceNamespace(service);
  return {
    mode: runtime.mode,
    serviceNamespace,
    colorNamespace,
    namespaces: (service) =>
      runtime.mode === 'namespace'
        ? [serviceNamespace(service), colorNamespace(service, 'blue'), colorNamespace(service, 'green')]
        : [serviceNamespace(service)],
    deployment: (service, color) => `${service}-${color}`,
    previewService: (service, color) => `${service}-${color}-preview`,
    liveService: (service) => service,
    endpointSlice: (service) => `${service}-cutover`,
    podSelector: (service, color) => ({ [KubeLabels.name]: service, [KubeLabels.color]: color }),
  };
}

const LABEL_VALUE_MAX = 63;

/**
 * Text made fit for a label value (alphanumerics, '-', '_', '.', at most 63, alphanumeric at
 * both ends): 2.0.0+build.7 becomes 2.0.0_build.7. For humans and selectors; the exact
 * text goes in an annotation.
 */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, '_')
    .slice(0, LABEL_VALUE_MAX)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
