// The validated, fully-defaulted configuration every process works from. cutover.yaml is
// parsed and checked once into this shape; nothing downstream re-reads raw YAML.
import type { Policy } from '@cutover/contracts';

export interface ServiceConfig {
  name: string;
  /** argv of one instance; a YAML string is split into words like a shell would. */
  command: string[];
  /** Absolute working directory (relative paths in the file are resolved against the file). */
  cwd: string;
  instances: number;
  /** Environment for every release of this service; a release's env overrides it. */
  env: Record<string, string>;
  /** Ready = GET readinessPath answers 2xx on every instance. */
  readinessPath: string;
  /** SIGTERM, then SIGKILL after this long. */
  stopGracePeriodMs: number;
  /** Where the router listens for this service's live traffic. */
  router: { host: string; port: number };
  policy: Policy;
}

export interface CutoverConfig {
  /** Absolute path of the file this came from. */
  configPath: string;
  nats: { url: string | null };
  runtime: { kind: 'local' };
  /** HTTP ports of Cutover's own processes (/healthz, /readyz, /metrics, the API). */
  ports: { orchestrator: number; healthMonitor: number; switcher: number; rollback: number; runtimeAgent: number };
  services: Record<string, ServiceConfig>;
}
