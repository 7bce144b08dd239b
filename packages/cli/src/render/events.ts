// `cutover watch`: one line per event, a fixed-width kind after the time so a scrolling
// terminal or a CI log stays scannable.
import type {
  DeploymentEvent,
  EnvironmentState,
  HealthSnapshot,
  HealthTransition,
  Notification,
  ReleaseRejected,
  SwitchResult,
} from '@cutover/contracts';
import { clockTime } from '../output';

const line = (time: string, kind: string, text: string) => `${clockTime(time)} ${kind.padEnd(8)} ${text}`;

export function deploymentEventLine(time: string, e: DeploymentEvent): string {
  const d = e.deployment;
  const last = d.history.at(-1);
  return line(time, 'deploy', `${d.service} ${d.version} ${d.phase} ${last?.reason ?? d.reason}: ${d.message} (${d.id})`);
}

export function rejectedLine(time: string, r: ReleaseRejected): string {
  return line(time, 'rejected', `${r.service ?? '?'} ${r.version ?? '?'} ${r.code}: ${r.reason}`);
}

export function healthTransitionLine(time: string, t: HealthTransition): string {
  return line(time, 'health', `${t.service} ${t.color} ${t.version ?? '-'} ${t.from} → ${t.to}: ${t.reason}`);
}

export function switchResultLine(time: string, s: SwitchResult): string {
  const outcome = s.ok ? `ok in ${Math.round(s.durationMs)}ms` : `failed (${s.code ?? 'error'}): ${s.error ?? 'no reason given'}`;
  return line(time, 'switch', `${s.service} ${s.fromColor ?? '(none)'} → ${s.toColor} ${outcome}`);
}

export function notificationLine(time: string, n: Notification): string {
  return line(time, 'notify', `${n.service} ${n.level}: ${n.title}: ${n.text}`);
}

export function environmentLine(time: string, e: EnvironmentState): string {
  const why = [e.reason, e.message].filter(Boolean).join(': ');
  return line(time, 'env', `${e.service} ${e.color} ${e.status} ${e.version ?? '-'}${why ? ` ${why}` : ''}`);
}

export function snapshotLine(time: string, h: HealthSnapshot): string {
  const traffic = h.traffic
    ? `; traffic ${h.traffic.requests} req, ${(h.traffic.errorRate * 100).toFixed(1)}% errors, p95 ${h.traffic.p95Ms === null ? '-' : `${Math.round(h.traffic.p95Ms)}ms`}`
    : '';
  return line(time, 'snapshot', `${h.service} ${h.color} ${h.version ?? '-'} ${h.state}, ${h.consecutiveSuccesses} ok / ${h.consecutiveFailures} failed in a row${traffic}`);
}
