// The KV buckets the health monitor reads (environments) and writes (health).
import { buckets, HealthSnapshotSchema } from '@cutover/contracts';
import type { Bus, TypedKv } from '@cutover/messaging';
import { environmentsKv, type EnvironmentsKv } from '@cutover/runtime';

export interface Stores {
  environments: EnvironmentsKv;
  health: TypedKv<typeof HealthSnapshotSchema>;
}

export function openStores(bus: Bus): Stores {
  return { environments: environmentsKv(bus), health: bus.kv(buckets.health, HealthSnapshotSchema) };
}
