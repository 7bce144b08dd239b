// Cutover's messages cut down to what the page draws: the browser gets small events, never
// whole records (a deployment record carries the release's env and policy).
import type {
  DeploymentEvent,
  DeploymentRecord,
  EnvironmentState,
  HealthSnapshot,
  HealthTransition,
  Notification,
  SwitchResult,
} from '@cutover/contracts';
import type { DashboardEvent, DeploymentView, HealthPoint } from './view-model';

export function deploymentView(d: DeploymentRecord): DeploymentView {
  return {
    id: d.id,
    service: d.service,
    version: d.version,
    fromColor: d.fromColor,
    fromVersion: d.fromVersion,
    toColor: d.toColor,
    phase: d.phase,
    message: d.message,
    history: d.history.map((h) => ({ phase: h.phase, at: h.at, reason: h.reason })),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function healthPoint(s: HealthSnapshot): HealthPoint {
  return {
    at: s.at,
    state: s.state,
    latencyMs: s.lastProbe?.latencyMs ?? null,
    ok: s.lastProbe?.ok ?? null,
    errorRate: s.traffic?.errorRate ?? null,
  };
}

export const fromDeployment = (e: DeploymentEvent): DashboardEvent => ({
  kind: 'deployment',
  deployment: deploymentView(e.deployment),
  previousPhase: e.previousPhase,
});

export const fromSnapshot = (s: HealthSnapshot): DashboardEvent => ({
  kind: 'snapshot',
  service: s.service,
  color: s.color,
  version: s.version,
  point: healthPoint(s),
});

export const fromTransition = (t: HealthTransition): DashboardEvent => ({
  kind: 'transition',
  service: t.service,
  color: t.color,
  version: t.version,
  from: t.from,
  to: t.to,
  at: t.at,
  reason: t.reason,
});

/** The result carries no time of its own: the envelope's is when the switcher confirmed. */
export const fromSwitch = (r: SwitchResult, at: string): DashboardEvent => ({
  kind: 'switch',
  service: r.service,
  at,
  ok: r.ok,
  fromColor: r.fromColor,
  toColor: r.toColor,
  durationMs: r.durationMs,
  error: r.error ?? null,
});

export const fromEnvironment = (e: EnvironmentState): DashboardEvent => ({
  kind: 'environment',
  service: e.service,
  color: e.color,
  version: e.version,
  status: e.status,
  at: e.updatedAt,
  reason: e.reason,
});

export const fromNotification = (n: Notification, at: string): DashboardEvent => ({
  kind: 'notification',
  service: n.service,
  at,
  level: n.level,
  title: n.title,
  text: n.text,
});
