// `cutover diagnostics` as a report a human reads top to bottom: what ended, why, when,
// which probes failed, and what the processes said before they died.
import type { DiagnosticsBundle, InstanceExit, ProbeResult } from '@cutover/contracts';
import { outcomeReason } from '../outcome';
import { clockTime, colors, dateTime, probeText } from '../output';

const MAX_PROBES = 20;
const MAX_STDERR_LINES = 20;

export function renderDiagnostics(b: DiagnosticsBundle): string[] {
  const d = b.deployment;
  const lines = [
    `Deployment ${d.id}: ${d.service} ${d.fromVersion ?? '(none)'} → ${d.version}, ${colors(d.fromColor, d.toColor)}; bundle saved ${dateTime(b.createdAt)}`,
    `Outcome:  ${d.phase} (${outcomeReason(d)}): ${d.message}`,
    `Reason:   ${b.reason}`,
    '',
    'Timeline',
  ];
  // The bundle's timeline interleaves phases with health and switches; older bundles may lack it.
  if (b.timeline.length > 0) lines.push(...b.timeline.map((t) => `  ${clockTime(t.at)}  ${t.kind.padEnd(8)} ${t.text}`));
  else lines.push(...d.history.map((e) => `  ${clockTime(e.at)}  ${'phase'.padEnd(8)} ${e.phase} (${e.reason})`));
  const probes = failingProbes(b);
  lines.push('', `Failing probes${probes.length > MAX_PROBES ? ` (last ${MAX_PROBES} of ${probes.length})` : ''}`);
  if (probes.length === 0) lines.push('  none recorded');
  lines.push(...probes.slice(-MAX_PROBES).map((p) => `  ${clockTime(p.at)}  ${probeText(p)}`));
  const hs = b.lastSnapshot;
  if (hs) {
    const traffic = hs.traffic ? `; live traffic ${hs.traffic.requests} requests, ${(hs.traffic.errorRate * 100).toFixed(1)}% errors` : '';
    lines.push('', 'Last health snapshot', `  ${clockTime(hs.at)}  ${hs.color} ${hs.version ?? '-'} ${hs.state}, ${hs.consecutiveFailures} failed in a row${traffic}`);
  }
  lines.push('', 'Process exits');
  const env = b.runtime?.environment ?? null;
  if (!b.runtime) lines.push('  runtime state was not captured');
  else if (!env || env.exits.length === 0) lines.push('  none');
  else for (const exit of env.exits) lines.push(...exitLines(exit));
  const tails = stderrTails(b.runtime?.details ?? {}).filter((t) => t.lines.length > 0);
  if (tails.length > 0) {
    lines.push('', 'Stderr of the instances');
    for (const t of tails) lines.push(`  instance ${t.instance}${t.pid ? ` (pid ${t.pid})` : ''}:`, ...t.lines.slice(-MAX_STDERR_LINES).map((l) => `    | ${l}`));
  }
  return lines;
}

interface StderrTail {
  instance: number;
  pid?: number | null;
  lines: string[];
}

/** details are runtime-specific; the local runtime keeps `stderrTail: [{ instance, pid, lines }]`. */
function stderrTails(details: Record<string, unknown>): StderrTail[] {
  const tails = details.stderrTail;
  if (!Array.isArray(tails)) return [];
  return tails.filter(
    (t): t is StderrTail =>
      typeof t === 'object' && t !== null && typeof (t as StderrTail).instance === 'number' && Array.isArray((t as StderrTail).lines),
  );
}

/** Every failed probe the bundle saw, oldest first, each once. */
export function failingProbes(b: DiagnosticsBundle): ProbeResult[] {
  const all = [...b.transitions.flatMap((t) => t.snapshot.recentFailures), ...(b.lastSnapshot?.recentFailures ?? [])];
  const seen = new Map<string, ProbeResult>();
  for (const p of all) if (!p.ok) seen.set(`${p.at}|${p.target}`, p);
  return [...seen.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function exitLines(exit: InstanceExit): string[] {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const pid = exit.pid !== undefined ? ` (pid ${exit.pid})` : '';
  const lines = [`  ${clockTime(exit.at)}  instance ${exit.instance}${pid}: ${how}${exit.expected ? ', stopped by Cutover' : ''}`];
  const tail = exit.stderrTail.slice(-MAX_STDERR_LINES);
  if (tail.length > 0) lines.push('    stderr:', ...tail.map((l) => `    | ${l}`));
  return lines;
}
