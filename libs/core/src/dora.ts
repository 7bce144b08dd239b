// The four DORA figures from deployment records: how often changes reach users, how long a
// commit takes to get there, how often a change that went live had to be undone, and how
// long users were exposed when it did. Pure: records in, figures out.
import type { DeploymentRecord } from '@cutover/contracts';

/** What one finished deployment contributes. */
export interface DoraObservation {
  /** It went live: traffic was switched to it (a change that reached users). */
  live: boolean;
  /** It went live and had to be undone: rolled back, or failed after the switch. */
  failed: boolean;
  /** Succeeded and its commit time is known: commit to live. */
  leadTimeMs: number | null;
  /** Rolled back: first fault (or the switch) to traffic back on the previous color. */
  restoreMs: number | null;
}

const span = (from: string | undefined, to: string | undefined): number | null =>
  from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null;

/** null while the deployment has not finished. */
export function doraObservation(r: DeploymentRecord): DoraObservation | null {
  if (!['Succeeded', 'Failed', 'RolledBack', 'Aborted'].includes(r.phase)) return null;
  const live = r.switchedAt !== undefined;
  return {
    live,
    failed: live && (r.phase === 'RolledBack' || r.phase === 'Failed'),
    leadTimeMs: r.phase === 'Succeeded' ? span(r.metadata?.commitTime, r.switchedAt ?? r.finishedAt) : null,
    restoreMs: r.phase === 'RolledBack' ? span(r.firstFaultAt ?? r.switchedAt, r.rolledBackAt ?? r.finishedAt) : null,
  };
}

export interface DoraFigures {
  service: string;
  /** null: a Cutover without environments. */
  environment: string | null;
  /** Deployments finished in the window (any outcome). */
  finished: number;
  /** Succeeded: the changes delivered. */
  deployments: number;
  deploymentsPerDay: number;
  leadTimeMs: { median: number | null; p90: number | null; samples: number };
  /** failed / live, null when nothing went live. */
  changeFailureRate: number | null;
  live: number;
  failed: number;
  timeToRestoreMs: { median: number | null; samples: number };
}

export interface DoraWindow {
  from: Date;
  to: Date;
}

/** Figures per service and environment for the deployments that finished within the window. */
export function doraReport(records: readonly DeploymentRecord[], window: DoraWindow): DoraFigures[] {
  const days = Math.max(1e-9, (window.to.getTime() - window.from.getTime()) / 86_400_000);
  const groups = new Map<string, { service: string; environment: string | null; observations: DoraObservation[]; succeeded: number }>();
  for (const r of records) {
    const ended = Date.parse(r.finishedAt ?? r.updatedAt);
    const o = doraObservation(r);
    if (!o || ended < window.from.getTime() || ended > window.to.getTime()) continue;
    const key = `${r.service}\u0000${r.environment ?? ''}`;
    const group = groups.get(key) ?? { service: r.service, environment: r.environment ?? null, observations: [], succeeded: 0 };
    group.observations.push(o);
    if (r.phase === 'Succeeded') group.succeeded++;
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.service.localeCompare(b.service) || (a.environment ?? '').localeCompare(b.environment ?? ''))
    .map((g) => {
      const leads = sorted(g.observations.map((o) => o.leadTimeMs));
      const restores = sorted(g.observations.map((o) => o.restoreMs));
      const live = g.observations.filter((o) => o.live).length;
      const failed = g.observations.filter((o) => o.failed).length;
      return {
        service: g.service,
        environment: g.environment,
        finished: g.observations.length,
        deployments: g.succeeded,
        deploymentsPerDay: g.succeeded / days,
        leadTimeMs: { median: quantile(leads, 0.5), p90: quantile(leads, 0.9), samples: leads.length },
        changeFailureRate: live > 0 ? failed / live : null,
        live,
        failed,
        timeToRestoreMs: { median: quantile(restores, 0.5), samples: restores.length },
      };
    });
}

const sorted = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null).sort((a, b) => a - b);

/** Nearest-rank quantile; the median of an even count is the mean of the middle two. */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  if (q === 0.5 && values.length % 2 === 0) return (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
  return values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
}
