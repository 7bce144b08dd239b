// The KV buckets the health monitor reads (environments) and writes (health, and the
// lease that says which replica probes).
import type { Bus } from '@cutover/messaging';

export const openStores = (bus: Bus) => bus.stores('environments', 'health', 'leases');

export type Stores = ReturnType<typeof openStores>;
