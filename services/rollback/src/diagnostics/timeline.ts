// One readable story of a rollback for the person who opens the bundle: how the deployment
// moved, what the health monitor saw and when traffic moved, on one clock, oldest first.
import type { DeploymentRecord, DiagnosticsBundle, HealthTransition, RoutingState } from '@cutover/contracts';

export type TimelineEntry = DiagnosticsBundle['timeline'][number];

export function buildTimeline(record: DeploymentRecord, transitions: HealthTransition[], routing: RoutingState | null): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...record.history.map((h) => ({ at: h.at, kind: 'phase', text: `${h.phase} (${h.reason})` })),
    ...transitions.flatMap((t) => healthEntries(t)),
    ...(routing?.history ?? [])
      .filter((r) => r.deploymentId === record.id)
      .map((r) => ({ at: r.at, kind: 'switch', text: `traffic ${r.fromColor ?? 'nowhere'} → ${r.toColor}: ${r.reason}` })),
  ];
  // Array.prototype.sort is stable: entries at the same instant keep the order above.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function healthEntries(t: HealthTransition): TimelineEntry[] {
  const version = t.version ?? 'unknown version';
  const change = { at: t.at, kind: 'health', text: `${t.color} (${version}) ${t.from} → ${t.to}: ${t.reason}` };
  if (!t.firstFailureAt || t.to === 'healthy') return [change];
  return [{ at: t.firstFailureAt, kind: 'fault', text: `first failure on ${t.color} (${version}) of the run that made it ${t.to}` }, change];
}
