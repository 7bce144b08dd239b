// Cutover's own processes in the order `up` starts them: the runtime and the router first,
// so that by the time the orchestrator takes a release everything it drives is there.
// They stop in the reverse order.
import type { CutoverConfig } from '@cutover/config';

export interface ComponentDef {
  /** Process name, log file name, and the folder under services/. */
  name: string;
  port: (config: CutoverConfig) => number;
}

export const COMPONENTS: readonly ComponentDef[] = [
  { name: 'runtime-agent', port: (c) => c.ports.runtimeAgent },
  { name: 'switcher', port: (c) => c.ports.switcher },
  { name: 'health-monitor', port: (c) => c.ports.healthMonitor },
  { name: 'rollback', port: (c) => c.ports.rollback },
  { name: 'orchestrator', port: (c) => c.ports.orchestrator },
];
