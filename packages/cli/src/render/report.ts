// The DORA figures as lines a person reads in a terminal or a CI log.
import type { DoraFigures } from '@cutover/core';
import { formatDuration } from '../duration';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function renderReport(figures: DoraFigures[], window: string): string[] {
  if (figures.length === 0) return [`no deployment finished in the last ${window}`];
  return figures.flatMap((f, i) => [
    ...(i > 0 ? [''] : []),
    `${f.service}${f.environment ? ` (${f.environment})` : ''}, last ${window}, ${f.finished} deployment(s) finished:`,
    `  deployment frequency  ${f.deployments} succeeded (${f.deploymentsPerDay.toFixed(2)}/day)`,
    `  lead time             ${
      f.leadTimeMs.median === null
        ? 'unknown (no release gave a commit time: --commit-time or the CI variables)'
        : `median ${formatDuration(f.leadTimeMs.median)}, p90 ${formatDuration(f.leadTimeMs.p90!)} (${f.leadTimeMs.samples} with a commit time)`
    }`,
    `  change failure rate   ${f.changeFailureRate === null ? 'n/a (nothing went live)' : `${percent(f.changeFailureRate)} (${f.failed} of ${f.live} live changes undone)`}`,
    `  time to restore       ${f.timeToRestoreMs.median === null ? 'n/a (nothing was rolled back)' : `median ${formatDuration(f.timeToRestoreMs.median)} (${f.timeToRestoreMs.samples} rollback(s))`}`,
  ]);
}
