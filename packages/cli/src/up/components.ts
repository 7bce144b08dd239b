// Cutover's own processes in the order `up` starts them: the runtime and the router first,
// so that by the time the orchestrator takes a release everything it drives is there.
// They stop in the reverse order.
import type { CutoverConfig } from '@cutover/config';
import type { ServiceRole } from '@cutover/messaging';

export interface ComponentDef {
  /** Process name, log file name, the folder under services/, and its NATS user. */
  name: ServiceRole;
  port: (config: CutoverConfig) => number;
}

export const COMPONENTS: readonly ComponentDef[] = [
  { name: 'runtime-agent', port: (c) => c.ports.runtimeAgent },
  { name: 'switcher', port: (c) => c.ports.switcher },
  { name: 'health-monitor', port: (c) => c.ports.healthMonitor },
  { name: 'rollback', port: (c) => c.ports.rollback },
  { name: 'orchestrator', port: (c) => c.ports.orchestrator },
];
