// The KV buckets the rollback service reads (deployments, services, routing, health) and
// the one it owns (diagnostics).
import {
  buckets,
  DeploymentRecordSchema,
  DiagnosticsBundleSchema,
  HealthSnapshotSchema,
  RoutingStateSchema,
  ServiceStateSchema,
} from '@cutover/contracts';
import type { Bus, TypedKv } from '@cutover/messaging';

export interface Stores {
  deployments: TypedKv<typeof DeploymentRecordSchema>;
  services: TypedKv<typeof ServiceStateSchema>;
  routing: TypedKv<typeof RoutingStateSchema>;
  health: TypedKv<typeof HealthSnapshotSchema>;
  diagnostics: TypedKv<typeof DiagnosticsBundleSchema>;
}

export function openStores(bus: Bus): Stores {
  return {
    deployments: bus.kv(buckets.deployments, DeploymentRecordSchema),
    services: bus.kv(buckets.services, ServiceStateSchema),
    routing: bus.kv(buckets.routing, RoutingStateSchema),
    health: bus.kv(buckets.health, HealthSnapshotSchema),
    diagnostics: bus.kv(buckets.diagnostics, DiagnosticsBundleSchema),
  };
}
