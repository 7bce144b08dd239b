// The validated, fully-defaulted configuration every process works from. cutover.yaml is
// parsed and checked once into this shape; nothing downstream re-reads raw YAML.
import type { Policy } from '@cutover/contracts';
import type { ApiConfig } from './api-auth';
import type { NatsConfig } from './nats';
import type { NotificationsConfig } from './notifications';

/** Resource amounts in Kubernetes quantity notation (cpu: 100m, memory: 128Mi). */
export interface ResourceAmounts {
  cpu?: string;
  memory?: string;
}

/** How a service runs on the kubernetes runtime; ignored by the local runtime. */
export interface ServiceKubernetesConfig {
  /** Pods per color. */
  replicas: number;
  /** The port the image listens on; PORT is set to it, probes and Services target it. */
  containerPort: number;
  /** Requests and limits of the container (and, in namespace mode, of the LimitRange defaults). */
  resources: { requests: ResourceAmounts; limits: ResourceAmounts };
  /** namespace mode: the ResourceQuota `hard` of each color namespace. */
  quota: Record<string, string>;
  /** Pod label -> environment variable: a release whose env sets the variable labels its pods with the value. */
  podLabelsFromEnv: Record<string, string>;
}

export interface ServiceConfig {
  name: string;
  /** argv of one instance; a YAML string is split into words like a shell would. Empty on kubernetes, where the image runs. */
  command: string[];
  /** Absolute working directory (relative paths in the file are resolved against the file). */
  cwd: string;
  instances: number;
  /** Environment for every release of this service; a release's env overrides it. */
  env: Record<string, string>;
  /** Container image of releases that name none (kubernetes runtime). */
  image: string | null;
  /** Ready = GET readinessPath answers 2xx on every instance. */
  readinessPath: string;
  /** SIGTERM, then SIGKILL after this long. */
  stopGracePeriodMs: number;
  /** Where live traffic arrives: the local proxy's address, or (kubernetes) the live Service's port. */
  router: { host: string; port: number };
  kubernetes: ServiceKubernetesConfig;
  policy: Policy;
}

export type KubernetesMode = 'label' | 'namespace';

export interface LocalRuntimeConfig {
  kind: 'local';
}

export interface KubernetesRuntimeConfig {
  kind: 'kubernetes';
  /** Absolute path of the kubeconfig; null: the client's default ($KUBECONFIG, then ~/.kube/config). */
  kubeconfig: string | null;
  /** label: one namespace per service, colors told apart by labels; namespace: a namespace per color. */
  mode: KubernetesMode;
  /** Prepended to every namespace Cutover names. */
  namespacePrefix: string;
}

export type RuntimeConfig = LocalRuntimeConfig | KubernetesRuntimeConfig;

export interface CutoverConfig {
  /** Absolute path of the file this came from. */
  configPath: string;
  /** The environment this Cutover is (--environment), or null when the file is used as it is. */
  environment: string | null;
  nats: NatsConfig;
  runtime: RuntimeConfig;
  /** HTTP ports of Cutover's own processes (/healthz, /readyz, /metrics, the API). */
  ports: { orchestrator: number; healthMonitor: number; switcher: number; rollback: number; runtimeAgent: number };
  /** Receivers of notifications (rollbacks, warnings) and how delivery retries. */
  notifications: NotificationsConfig;
  /** Bearer tokens of the HTTP APIs; none: authentication is off. */
  api: ApiConfig;
  services: Record<string, ServiceConfig>;
}
