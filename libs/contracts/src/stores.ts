// Which schema each key-value bucket holds: one pairing, so no reader or writer can open a
// bucket with the wrong schema.
import { DeploymentRecordSchema, ServiceStateSchema } from './schemas/deployment';
import { EnvironmentStateSchema } from './schemas/environment';
import { HealthSnapshotSchema } from './schemas/health';
import { LeaseSchema } from './schemas/lease';
import { DiagnosticsBundleSchema } from './schemas/operations';
import { RoutingStateSchema } from './schemas/routing';
import type { buckets } from './subjects';

export type StoreName = keyof typeof buckets;

export const storeSchemas = {
  deployments: DeploymentRecordSchema,
  services: ServiceStateSchema,
  routing: RoutingStateSchema,
  environments: EnvironmentStateSchema,
  health: HealthSnapshotSchema,
  diagnostics: DiagnosticsBundleSchema,
  leases: LeaseSchema,
} as const satisfies Record<StoreName, unknown>;
