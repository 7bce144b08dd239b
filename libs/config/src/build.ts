import { dirname, resolve } from 'node:path';
import type { Policy } from '@cutover/contracts';
import { DEFAULT_POLICY, mergePolicy, type PolicyOverride } from '@cutover/core';
import { DEFAULT_PORTS, SERVICE_DEFAULTS } from './defaults';
import type { RawConfig, RawService } from './schema';
import { splitCommand } from './split-command';
import type { CutoverConfig, ServiceConfig } from './types';

/** The fully-defaulted config of a raw file that passed every check. */
export function buildConfig(raw: RawConfig, configPath: string): CutoverConfig {
  const dir = dirname(configPath);
  const defaults = mergePolicy(DEFAULT_POLICY, raw.defaults?.policy as PolicyOverride);
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(raw.services)) services[name] = buildService(name, service, dir, defaults);
  return {
    configPath,
    nats: { url: raw.nats?.url ?? null },
    runtime: { kind: 'local' },
    ports: { ...DEFAULT_PORTS, ...raw.ports },
    services,
  };
}

function buildService(name: string, raw: RawService, dir: string, defaults: Policy): ServiceConfig {
  return {
    name,
    command: Array.isArray(raw.command) ? raw.command : splitCommand(raw.command),
    cwd: resolve(dir, raw.cwd ?? '.'),
    instances: raw.instances ?? SERVICE_DEFAULTS.instances,
    env: Object.fromEntries(Object.entries(raw.env ?? {}).map(([k, v]) => [k, String(v)])),
    readinessPath: raw.readinessPath ?? SERVICE_DEFAULTS.readinessPath,
    stopGracePeriodMs: raw.stopGracePeriodMs ?? SERVICE_DEFAULTS.stopGracePeriodMs,
    router: { host: raw.router.host ?? SERVICE_DEFAULTS.routerHost, port: raw.router.port },
    policy: mergePolicy(defaults, raw.policy as PolicyOverride),
  };
}
