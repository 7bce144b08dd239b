// What Cutover recorded about releases, read back the way a user could afterwards: every
// deployment record in the deployments bucket, every refusal in the events stream.
import { isTerminal, streams, subjects, type DeploymentRecord, type ReleaseRejected } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import { waitFor } from '@cutover/testkit';

export async function readDeployments(bus: Bus): Promise<DeploymentRecord[]> {
  const { deployments } = bus.stores('deployments');
  const records = await Promise.all((await deployments.keys()).map((k) => deployments.get(k)));
  return records.flatMap((e) => (e ? [e.value] : []));
}

/** Every releaseRejected event the events stream holds, replayed from its start. */
export async function readRejections(bus: Bus): Promise<ReleaseRejected[]> {
  const subject = subjects.releaseRejected();
  const jsm = await bus.connection.jetstreamManager();
  const info = await jsm.streams.info(streams.events.name, { subjects_filter: subject });
  const stored = info.state.subjects?.[subject] ?? 0;
  const seen: ReleaseRejected[] = [];
  const follower = await bus.follow('releaseRejected', async (env) => void seen.push(env.data), { deliver: 'all' });
  try {
    await waitFor(() => seen.length >= stored, { timeoutMs: 30_000, what: `${stored} releaseRejected events replayed` });
  } finally {
    await follower.stop();
  }
  return seen;
}

/** Waits until the deployments bucket holds `count` records and none is still running. */
export async function settledDeployments(bus: Bus, count: number, timeoutMs: number): Promise<DeploymentRecord[]> {
  let records: DeploymentRecord[] = [];
  const running = () => records.filter((r) => !isTerminal(r.phase)).map((r) => `${r.service} ${r.version} ${r.phase}`);
  try {
    await waitFor(
      async () => {
        records = await readDeployments(bus);
        return records.length >= count && running().length === 0;
      },
      { timeoutMs, intervalMs: 500, what: `${count} deployments settled` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}: have ${records.length}, still running: ${running().join(', ') || 'none'}`, { cause: err });
  }
  return records;
}

/**
 * Pairs of deployments of one service whose lives overlap: a deployment lives from its
 * creation (when it took the service's lock) to its terminal phase. One still running
 * overlaps everything created after it.
 */
export function overlapping(records: DeploymentRecord[]): string[] {
  const problems: string[] = [];
  for (const list of Object.values(byService(records))) {
    const sorted = [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const next = sorted[i]!;
      const prevEnd = prev.finishedAt ? Date.parse(prev.finishedAt) : Infinity;
      if (Date.parse(next.createdAt) < prevEnd) {
        problems.push(`${prev.id} (${prev.version}, ${prev.createdAt}..${prev.finishedAt ?? prev.phase}) overlaps ${next.id} (${next.version}, from ${next.createdAt})`);
      }
    }
  }
  return problems;
}

/** The Succeeded deployment of each service that finished last. */
export function lastSucceeded(records: DeploymentRecord[]): Map<string, DeploymentRecord> {
  const last = new Map<string, DeploymentRecord>();
  for (const r of records) {
    if (r.phase !== 'Succeeded') continue;
    const cur = last.get(r.service);
    if (!cur || Date.parse(r.finishedAt!) > Date.parse(cur.finishedAt!)) last.set(r.service, r);
  }
  return last;
}

export function byService(records: DeploymentRecord[]): Record<string, DeploymentRecord[]> {
  const out: Record<string, DeploymentRecord[]> = {};
  for (const r of records) (out[r.service] ??= []).push(r);
  return out;
}
