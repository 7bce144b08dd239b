// Everything `cutover status` shows about one service, read from KV in one go.
import {
  COLORS,
  environmentKey,
  type Color,
  type DeploymentRecord,
  type EnvironmentState,
  type HealthSnapshot,
  type RoutingState,
} from '@cutover/contracts';
import type { Stores } from './stores';

export interface ServiceStatus {
  service: string;
  routing: RoutingState | null;
  environments: Record<Color, EnvironmentState | null>;
  health: Record<Color, HealthSnapshot | null>;
  /** The running deployment, else the most recent one. */
  deployment: DeploymentRecord | null;
  /** True when `deployment` is the one running now. */
  active: boolean;
}

export async function readServiceStatus(stores: Stores, service: string): Promise<ServiceStatus> {
  const [routing, state, envs, health] = await Promise.all([
    stores.routing.get(service),
    stores.services.get(service),
    Promise.all(COLORS.map((c) => stores.environments.get(environmentKey(service, c)))),
    Promise.all(COLORS.map((c) => stores.health.get(environmentKey(service, c)))),
  ]);
  const activeId = state?.value.activeDeploymentId ?? null;
  const deploymentId = activeId ?? state?.value.recentDeploymentIds[0] ?? null;
  const deployment = deploymentId ? await stores.deployments.get(deploymentId) : null;
  return {
    service,
    routing: routing?.value ?? null,
    environments: { blue: envs[0]?.value ?? null, green: envs[1]?.value ?? null },
    health: { blue: health[0]?.value ?? null, green: health[1]?.value ?? null },
    deployment: deployment?.value ?? null,
    active: activeId !== null && deployment !== null,
  };
}

/** True when Cutover has no trace of the service at all. */
export function isUnknown(s: ServiceStatus): boolean {
  return !s.routing && !s.deployment && COLORS.every((c) => !s.environments[c] && !s.health[c]);
}

/** Every service Cutover has state for, sorted. */
export async function knownServices(stores: Stores): Promise<string[]> {
  const [services, routing] = await Promise.all([stores.services.keys(), stores.routing.keys()]);
  return [...new Set([...services, ...routing])].sort();
}
