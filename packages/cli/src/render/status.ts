// `cutover status` as text: where traffic goes, both colors, the current deployment.
import { COLORS, type Color } from '@cutover/contracts';
import { lastFailedProbe } from '@cutover/core';
import { outcomeReason } from '../outcome';
import { clockTime, colors, dateTime, probeText, table } from '../output';
import type { ServiceStatus } from '../service-status';

export function renderStatus(s: ServiceStatus): string[] {
  const live = s.routing?.liveColor ?? null;
  const lines = [
    live
      ? `${s.service}: live ${live} ${s.routing?.liveVersion ?? '(unknown version)'} since ${dateTime(s.routing!.updatedAt)}`
      : `${s.service}: no live color yet`,
  ];
  const rows = [['COLOR', 'ROLE', 'VERSION', 'ENVIRONMENT', 'HEALTH']];
  for (const color of COLORS) rows.push(colorRow(s, color, live));
  lines.push(...table(rows).map((l) => `  ${l}`));
  for (const color of COLORS) {
    const hs = s.health[color];
    const failed = hs && hs.state !== 'healthy' ? lastFailedProbe(hs) : null;
    if (failed) lines.push(`  ${color} last failed probe at ${clockTime(failed.at)}: ${probeText(failed)}`);
  }
  const d = s.deployment;
  if (d) {
    const state = s.active ? 'running' : 'last';
    lines.push(
      `  deployment ${d.id} (${state}): ${d.fromVersion ?? '(none)'} → ${d.version}, ${colors(d.fromColor, d.toColor)}, ` +
        `${d.phase} (${outcomeReason(d)}) since ${dateTime(d.phaseStartedAt)}`,
      `    ${d.message}`,
    );
  } else {
    lines.push('  no deployment yet');
  }
  return lines;
}

function colorRow(s: ServiceStatus, color: Color, live: Color | null): string[] {
  const env = s.environments[color];
  const hs = s.health[color];
  const running = env && env.status !== 'stopped';
  const role = color === live ? 'live' : running ? 'idle' : '-';
  const version = env?.version ?? hs?.version ?? '-';
  const environment = env ? `${env.status}${env.status === 'failed' && env.reason ? ` (${env.reason})` : ''}` : '-';
  const health = hs ? `${hs.state}${hs.consecutiveFailures > 0 ? ` (${hs.consecutiveFailures} failed in a row)` : ''}` : '-';
  return [color, role, version, environment, health];
}
