// The KV buckets the CLI reads; it never writes them.
import {
  buckets,
  DeploymentRecordSchema,
  DiagnosticsBundleSchema,
  EnvironmentStateSchema,
  HealthSnapshotSchema,
  RoutingStateSchema,
  ServiceStateSchema,
} from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';

export function openStores(bus: Bus) {
  return {
    deployments: bus.kv(buckets.deployments, DeploymentRecordSchema),
    services: bus.kv(buckets.services, ServiceStateSchema),
    routing: bus.kv(buckets.routing, RoutingStateSchema),
    environments: bus.kv(buckets.environments, EnvironmentStateSchema),
    health: bus.kv(buckets.health, HealthSnapshotSchema),
    diagnostics: bus.kv(buckets.diagnostics, DiagnosticsBundleSchema),
  };
}

export type Stores = ReturnType<typeof openStores>;
