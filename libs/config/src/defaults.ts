import type { CutoverConfig, KubernetesRuntimeConfig } from './types';

// Defaults of cutover.yaml; README.md lists them next to every field.
export const DEFAULT_PORTS: CutoverConfig['ports'] = {
  orchestrator: 7070,
  healthMonitor: 7071,
  switcher: 7072,
  rollback: 7073,
  runtimeAgent: 7074,
};

export const SERVICE_DEFAULTS = {
  instances: 1,
  readinessPath: '/healthz',
  stopGracePeriodMs: 5_000,
  routerHost: '127.0.0.1',
  containerPort: 8080,
};

export const KUBERNETES_DEFAULTS: Omit<KubernetesRuntimeConfig, 'kind' | 'kubeconfig'> = {
  mode: 'label',
  namespacePrefix: 'cutover-',
};

/** Room for a rolling replacement inside one color: the old pods and as many new ones. */
export const defaultQuota = (replicas: number): Record<string, string> => ({ pods: String(replicas * 2) });
