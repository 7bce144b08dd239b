// `cutover history` as a table, newest first.
import type { DeploymentRecord } from '@cutover/contracts';
import { formatDuration } from '../duration';
import { outcomeReason } from '../outcome';
import { colors, dateTime, table } from '../output';

export function renderHistory(records: DeploymentRecord[], now: Date): string[] {
  const rows = [['ID', 'VERSION', 'COLORS', 'PHASE', 'REASON', 'STARTED', 'TOOK']];
  for (const r of records) {
    const end = r.finishedAt ? Date.parse(r.finishedAt) : now.getTime();
    const took = formatDuration(end - Date.parse(r.createdAt));
    rows.push([r.id, r.version, colors(r.fromColor, r.toColor), r.phase, outcomeReason(r), dateTime(r.createdAt), r.finishedAt ? took : `${took} so far`]);
  }
  return table(rows);
}
