// The KV buckets the health monitor reads (environments) and writes (health).
import type { Bus } from '@cutover/messaging';

export const openStores = (bus: Bus) => bus.stores('environments', 'health');

export type Stores = ReturnType<typeof openStores>;
