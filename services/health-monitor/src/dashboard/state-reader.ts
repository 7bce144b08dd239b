// Reads the dashboard's starting state from the KV buckets: the same stores `cutover
// status` and `cutover diagnostics` read.
import { COLORS, environmentKey, type DiagnosticsBundle, type DeploymentRecord } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import { initialView, type ServiceRecords } from './initial-view';
import type { DashboardView } from './view-model';

/** How many past deployments per service are read for rolled-back links. */
const RECENT_DEPLOYMENTS = 10;

export const openDashboardStores = (bus: Bus) => bus.stores('routing', 'environments', 'health', 'services', 'deployments', 'diagnostics');

export type DashboardStores = ReturnType<typeof openDashboardStores>;

export class StateReader {
  constructor(
    private readonly stores: DashboardStores,
    /** Services of cutover.yaml: shown even before their first release. */
    private readonly configured: string[],
  ) {}

  async view(): Promise<DashboardView> {
    const [withState, routed] = await Promise.all([this.stores.services.keys(), this.stores.routing.keys()]);
    const names = [...new Set([...this.configured, ...withState, ...routed])].sort();
    return initialView(await Promise.all(names.map((n) => this.records(n))));
  }

  async diagnostics(deploymentId: string): Promise<DiagnosticsBundle | null> {
    return (await this.stores.diagnostics.get(deploymentId))?.value ?? null;
  }

  private async records(service: string): Promise<ServiceRecords> {
    const [routing, state, envs, health] = await Promise.all([
      this.stores.routing.get(service),
      this.stores.services.get(service),
      Promise.all(COLORS.map((c) => this.stores.environments.get(environmentKey(service, c)))),
      Promise.all(COLORS.map((c) => this.stores.health.get(environmentKey(service, c)))),
    ]);
    const active = state?.value.activeDeploymentId;
    const ids = [...new Set([...(active ? [active] : []), ...(state?.value.recentDeploymentIds ?? [])])].slice(0, RECENT_DEPLOYMENTS);
    const deployments = await Promise.all(ids.map((id) => this.stores.deployments.get(id)));
    return {
      service,
      routing: routing?.value ?? null,
      environments: { blue: envs[0]?.value ?? null, green: envs[1]?.value ?? null },
      health: { blue: health[0]?.value ?? null, green: health[1]?.value ?? null },
      deployments: deployments.flatMap((d): DeploymentRecord[] => (d ? [d.value] : [])),
    };
  }
}
