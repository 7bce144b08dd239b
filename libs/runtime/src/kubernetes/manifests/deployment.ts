import type { V1Deployment, V1EnvVar } from '@kubernetes/client-node';
import { KubeAnnotations, KubeLabels, MANAGED_BY, labelValue, type KubernetesNames, type ServiceConfig } from '@cutover/config';
import { livenessProbe, readinessProbe, startupProbe } from './probes';
import type { ColorRelease } from './release';

const REVISIONS_KEPT = 2;

/** The Deployment `<svc>-<color>` that runs a release; applied whole, so it says everything. */
export function buildDeployment(service: ServiceConfig, release: ColorRelease, names: KubernetesNames): V1Deployment {
  const selector = names.podSelector(service.name, release.color);
  const labels = { ...selector, [KubeLabels.managedBy]: MANAGED_BY, [KubeLabels.version]: labelValue(release.version) };
  const releaseAnnotations = { [KubeAnnotations.version]: release.version, [KubeAnnotations.specHash]: release.specHash };
  const env = environment(service, release);
  const { requests, limits } = service.kubernetes.resources;
  const resources = {
    ...(Object.keys(requests).length > 0 ? { requests: { ...requests } } : {}),
    ...(Object.keys(limits).length > 0 ? { limits: { ...limits } } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: names.deployment(service.name, release.color),
      namespace: names.colorNamespace(service.name, release.color),
      labels,
      annotations: { ...releaseAnnotations, [KubeAnnotations.appliedAt]: release.appliedAt.toISOString() },
    },
    spec: {
      replicas: service.kubernetes.replicas,
      selector: { matchLabels: selector },
      revisionHistoryLimit: REVISIONS_KEPT,
      progressDeadlineSeconds: Math.max(1, Math.ceil(service.policy.readinessTimeoutMs / 1000)),
      template: {
        metadata: { labels: { ...labelsFromEnv(service, env), ...labels, [KubeLabels.specHash]: release.specHash }, annotations: releaseAnnotations },
        spec: {
          terminationGracePeriodSeconds: Math.ceil(service.stopGracePeriodMs / 1000),
          containers: [
            {
              name: service.name,
              image: release.image,
              ports: [{ name: 'http', containerPort: service.kubernetes.containerPort, protocol: 'TCP' }],
              env: Object.keys(env)
                .sort()
                .map((name): V1EnvVar => ({ name, value: env[name]! })),
              ...(Object.keys(resources).length > 0 ? { resources } : {}),
              readinessProbe: readinessProbe(service),
              livenessProbe: livenessProbe(service),
              startupProbe: startupProbe(service),
            },
          ],
        },
      },
    },
  };
}

/** The same variables a local instance gets: the service's, the release's, then Cutover's own. */
function environment(service: ServiceConfig, release: ColorRelease): Record<string, string> {
  return {
    ...service.env,
    ...release.env,
    PORT: String(service.kubernetes.containerPort),
    VERSION: release.version,
    COLOR: release.color,
    CUTOVER_SERVICE: service.name,
  };
}

/** Labels a release asks for through its env (podLabelsFromEnv), e.g. a simulated fault under kwok. */
function labelsFromEnv(service: ServiceConfig, env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.kubernetes.podLabelsFromEnv).flatMap(([label, variable]) => (env[variable] !== undefined ? [[label, labelValue(env[variable])]] : [])),
  );
}
