import type { CutoverConfig } from './types';

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
};
