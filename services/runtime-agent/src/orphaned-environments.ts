// An agent that starts finds the states its predecessor wrote. Environments its runtime
// adopted speak for themselves; for any other, the processes that predecessor ran are not
// ours, so no state may keep claiming they serve: routing to them would hit a dead or
// unmanaged port.
import type { EnvironmentState, EnvironmentStatus } from '@cutover/contracts';
import { EnvironmentReasons, type EnvironmentsKv } from '@cutover/runtime';

const AFTER_RESTART: Partial<Record<EnvironmentStatus, EnvironmentStatus>> = {
  starting: 'failed',
  ready: 'failed',
  // It was being stopped on purpose: nobody wants it running either way.
  stopping: 'stopped',
};

/** Marks every environment a previous agent claimed to run, except the keys in adopted; returns the states written. */
export async function markOrphanedEnvironments(
  kv: EnvironmentsKv,
  now: () => Date,
  adopted: ReadonlySet<string> = new Set(),
): Promise<EnvironmentState[]> {
  const marked: EnvironmentState[] = [];
  for (const key of await kv.keys()) {
    if (adopted.has(key)) continue;
    let written: EnvironmentState | null = null;
    await kv.modify(key, (entry) => {
      const status = entry && AFTER_RESTART[entry.value.status];
      written = entry && status ? orphaned(entry.value, status, now()) : null;
      return written;
    });
    if (written) marked.push(written);
  }
  return marked;
}

function orphaned(state: EnvironmentState, status: EnvironmentStatus, at: Date): EnvironmentState {
  return {
    ...state,
    status,
    reason: EnvironmentReasons.AgentRestarted,
    message: `the runtime agent restarted; the processes it ran (${state.status}, version ${state.version ?? 'none'}) are no longer managed`,
    endpoints: [],
    updatedAt: at.toISOString(),
  };
}
