// The KV buckets the CLI reads; it never writes them.
import type { Bus } from '@cutover/messaging';

export const openStores = (bus: Bus) =>
  bus.stores('deployments', 'services', 'routing', 'environments', 'health', 'diagnostics');

export type Stores = ReturnType<typeof openStores>;
