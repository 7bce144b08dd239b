// What a replica does with a lease on each tick, decided from what it read. Expiry is judged
// by how long this replica has seen the entry unchanged on its own monotonic clock, never by
// comparing the holder's timestamps with ours, so clocks that disagree cannot hand the lease
// to two replicas.
import type { Lease } from '@cutover/contracts';
import type { KvEntry } from '../api';

export type LeaseStep =
  | { kind: 'create' }
  | { kind: 'renew'; revision: number }
  | { kind: 'takeOver'; revision: number }
  | { kind: 'wait' };

/** The revision of the entry this replica last saw, and since when (monotonic ms) it has not moved. */
export interface Seen {
  revision: number;
  sinceMs: number;
}

export function leaseStep(me: string, entry: KvEntry<Lease> | null, seen: Seen | null, nowMs: number, ttlMs: number): LeaseStep {
  if (!entry) return { kind: 'create' };
  // A holder that restarted under the same name takes its lease straight back.
  if (entry.value.holder === me) return { kind: 'renew', revision: entry.revision };
  if (seen && seen.revision === entry.revision && nowMs - seen.sinceMs >= ttlMs) return { kind: 'takeOver', revision: entry.revision };
  return { kind: 'wait' };
}

/** Updates what was seen: the clock restarts whenever the entry moved. */
export function observe(entry: KvEntry<Lease> | null, seen: Seen | null, nowMs: number): Seen | null {
  if (!entry) return null;
  return seen && seen.revision === entry.revision ? seen : { revision: entry.revision, sinceMs: nowMs };
}
