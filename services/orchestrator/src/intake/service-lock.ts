// One deployment per service: the lock is the service's activeDeploymentId, taken by
// compare-and-set. The lock is written before the deployment record, so a lock whose record
// does not exist yet belongs to an intake still in progress (this process's HTTP API,
// another replica) and must count as busy; only when the record stays missing for a grace
// period did its taker die in between, and the lock may be taken over.
import { isTerminal } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { KvConflictError } from '@cutover/messaging';
import type { Stores } from '../stores';

const HISTORY_LIMIT = 100;
/** Far longer than writing one record takes, even on a loaded machine. */
export const ORPHAN_LOCK_GRACE_MS = 10_000;
const RECHECK_MS = 25;

export type LockResult = { ok: true } | { ok: false; message: string };

type LockDeps = { stores: Stores; clock: Clock; graceMs?: number };

export async function takeServiceLock(service: string, id: string, deps: LockDeps): Promise<LockResult> {
  const { stores } = deps;
  for (;;) {
    const state = await stores.services.get(service);
    const active = state?.value.activeDeploymentId ?? null;
    if (active && active !== id) {
      const holder = await holderOf(service, active, state!.revision, deps);
      if (holder === 'lock moved') continue;
      if (holder !== 'gone') return { ok: false, message: `${service} already has deployment ${active} (${holder}); wait for it or abort it` };
    }
    const next = {
      service,
      activeDeploymentId: id,
      recentDeploymentIds: [id, ...(state?.value.recentDeploymentIds ?? []).filter((d) => d !== id)].slice(0, HISTORY_LIMIT),
    };
    try {
      if (state) await stores.services.update(service, next, state.revision);
      else await stores.services.create(service, next);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof KvConflictError)) throw e;
    }
  }
}

/** Whether `id` still holds the lock, e.g. after a slow intake wrote its record. */
export async function holdsServiceLock(service: string, id: string, stores: Stores): Promise<boolean> {
  return (await stores.services.get(service))?.value.activeDeploymentId === id;
}

/**
 * What the lock holder is doing: a description when it is running, 'gone' when it ended or
 * never got its record, 'lock moved' when the lock changed while its record was awaited.
 */
async function holderOf(service: string, active: string, revision: number, deps: LockDeps): Promise<string> {
  const { stores, clock } = deps;
  const until = clock.now().getTime() + (deps.graceMs ?? ORPHAN_LOCK_GRACE_MS);
  for (;;) {
    const running = await stores.deployments.get(active);
    if (running) return isTerminal(running.value.phase) ? 'gone' : `${running.value.version}, phase ${running.value.phase}`;
    if ((await stores.services.get(service))?.revision !== revision) return 'lock moved';
    if (clock.now().getTime() >= until) return 'gone';
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }
}
