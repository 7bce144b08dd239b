// The KV buckets the orchestrator reads and writes, opened once per process.
import type { Bus } from '@cutover/messaging';

export const openStores = (bus: Bus) => bus.stores('deployments', 'services', 'routing', 'environments', 'health');

export type Stores = ReturnType<typeof openStores>;
