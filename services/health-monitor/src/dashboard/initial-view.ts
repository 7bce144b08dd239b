// The page's starting point, built from what the KV buckets hold for each service; the
// live stream then moves it forward with applyEvent.
import { COLORS, type Color, type DeploymentRecord, type EnvironmentState, type HealthSnapshot, type RoutingState } from '@cutover/contracts';
import { deploymentView, healthPoint } from './to-dashboard-event';
import { emptyService, LIMITS, type DashboardView, type ServiceView } from './view-model';

export interface ServiceRecords {
  service: string;
  routing: RoutingState | null;
  environments: Record<Color, EnvironmentState | null>;
  health: Record<Color, HealthSnapshot | null>;
  /** Newest first; the first is the current or last deployment. */
  deployments: DeploymentRecord[];
}

export function serviceView(r: ServiceRecords): ServiceView {
  const view = emptyService(r.service);
  view.liveColor = r.routing?.liveColor ?? null;
  view.liveVersion = r.routing?.liveVersion ?? null;
  for (const c of COLORS) {
    const env = r.environments[c];
    const health = r.health[c];
    const color = view.colors[c];
    color.version = env?.version ?? health?.version ?? null;
    color.status = env?.status ?? null;
    if (health && health.version === color.version) {
      color.health = health.state;
      color.points = [healthPoint(health)];
    }
  }
  const [current] = r.deployments;
  view.deployment = current ? deploymentView(current) : null;
  view.rolledBack = r.deployments
    .filter((d) => d.phase === 'RolledBack')
    .slice(0, LIMITS.rolledBack)
    .map((d) => ({ deploymentId: d.id, version: d.version, at: d.rolledBackAt ?? d.updatedAt }));
  return view;
}

export function initialView(records: ServiceRecords[]): DashboardView {
  return { services: Object.fromEntries(records.map((r) => [r.service, serviceView(r)])), events: [] };
}
