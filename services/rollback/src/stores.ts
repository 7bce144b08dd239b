// The KV buckets the rollback service reads (deployments, services, routing, health) and
// the one it owns (diagnostics).
import type { Bus } from '@cutover/messaging';

export const openStores = (bus: Bus) => bus.stores('deployments', 'services', 'routing', 'health', 'diagnostics');

export type Stores = ReturnType<typeof openStores>;
