import { dirname, resolve } from 'node:path';
import type { Policy } from '@cutover/contracts';
import { DEFAULT_POLICY, mergePolicy, type PolicyOverride } from '@cutover/core';
import { DEFAULT_PORTS, KUBERNETES_DEFAULTS, SERVICE_DEFAULTS, defaultQuota } from './defaults';
import type { RawConfig, RawService } from './schema';
import { buildApi } from './api-auth';
import { buildNats } from './nats';
import { buildNotifications } from './notifications';
import { splitCommand } from './split-command';
import type { CutoverConfig, KubernetesMode, RuntimeConfig, ServiceConfig, ServiceKubernetesConfig } from './types';

/** The fully-defaulted config of a raw file that passed every check. */
export function buildConfig(raw: RawConfig, configPath: string, environment: string | null = null): CutoverConfig {
  const dir = dirname(configPath);
  const defaults = mergePolicy(DEFAULT_POLICY, raw.defaults?.policy as PolicyOverride);
  const services: Record<string, ServiceConfig> = {};
  for (const [name, service] of Object.entries(raw.services)) services[name] = buildService(name, service, dir, defaults);
  return {
    configPath,
    environment,
    nats: buildNats(raw.nats, dir),
    runtime: buildRuntime(raw.runtime, dir),
    ports: { ...DEFAULT_PORTS, ...raw.ports },
    notifications: buildNotifications(raw.notifications),
    api: buildApi(raw.api),
    services,
  };
}

function buildRuntime(raw: RawConfig['runtime'], dir: string): RuntimeConfig {
  if (raw?.kind !== 'kubernetes') return { kind: 'local' };
  return {
    kind: 'kubernetes',
    kubeconfig: raw.kubeconfig ? resolve(dir, raw.kubeconfig) : null,
    mode: (raw.mode as KubernetesMode | undefined) ?? KUBERNETES_DEFAULTS.mode,
    namespacePrefix: raw.namespacePrefix ?? KUBERNETES_DEFAULTS.namespacePrefix,
  };
}

function buildService(name: string, raw: RawService, dir: string, defaults: Policy): ServiceConfig {
  const instances = raw.instances ?? SERVICE_DEFAULTS.instances;
  return {
    name,
    command: raw.command === undefined ? [] : Array.isArray(raw.command) ? raw.command : splitCommand(raw.command),
    cwd: resolve(dir, raw.cwd ?? '.'),
    instances,
    env: Object.fromEntries(Object.entries(raw.env ?? {}).map(([k, v]) => [k, String(v)])),
    image: raw.image ?? null,
    readinessPath: raw.readinessPath ?? SERVICE_DEFAULTS.readinessPath,
    stopGracePeriodMs: raw.stopGracePeriodMs ?? SERVICE_DEFAULTS.stopGracePeriodMs,
    router: { host: raw.router.host ?? SERVICE_DEFAULTS.routerHost, port: raw.router.port },
    kubernetes: buildKubernetes(raw.kubernetes, instances),
    policy: mergePolicy(defaults, raw.policy as PolicyOverride),
  };
}

function buildKubernetes(raw: RawService['kubernetes'], instances: number): ServiceKubernetesConfig {
  const replicas = raw?.replicas ?? instances;
  return {
    replicas,
    containerPort: raw?.containerPort ?? SERVICE_DEFAULTS.containerPort,
    resources: { requests: texts(raw?.resources?.requests ?? {}), limits: texts(raw?.resources?.limits ?? {}) },
    quota: raw?.quota ? texts(raw.quota) : defaultQuota(replicas),
    podLabelsFromEnv: { ...raw?.podLabelsFromEnv },
  };
}

const texts = (raw: Record<string, string | number>): Record<string, string> =>
  Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
