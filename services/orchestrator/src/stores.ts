// The KV buckets the orchestrator reads and writes, opened once per process.
import {
  buckets,
  DeploymentRecordSchema,
  EnvironmentStateSchema,
  HealthSnapshotSchema,
  RoutingStateSchema,
  ServiceStateSchema,
} from '@cutover/contracts';
import type { Bus, TypedKv } from '@cutover/messaging';

export interface Stores {
  deployments: TypedKv<typeof DeploymentRecordSchema>;
  services: TypedKv<typeof ServiceStateSchema>;
  routing: TypedKv<typeof RoutingStateSchema>;
  environments: TypedKv<typeof EnvironmentStateSchema>;
  health: TypedKv<typeof HealthSnapshotSchema>;
}

export async function openStores(bus: Bus): Promise<Stores> {
  const [deployments, services, routing, environments, health] = await Promise.all([
    bus.kv(buckets.deployments, DeploymentRecordSchema),
    bus.kv(buckets.services, ServiceStateSchema),
    bus.kv(buckets.routing, RoutingStateSchema),
    bus.kv(buckets.environments, EnvironmentStateSchema),
    bus.kv(buckets.health, HealthSnapshotSchema),
  ]);
  return { deployments, services, routing, environments, health };
}
