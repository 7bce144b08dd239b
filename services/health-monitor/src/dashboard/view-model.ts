// What the dashboard shows, and how each live event changes it. The browser runs this same
// file (served compiled from dist), so it may import types only: nothing here may need a
// module at run time.
import type { Color, EnvironmentStatus, HealthState, Phase } from '@cutover/contracts';

export interface PhaseStep {
  phase: Phase;
  at: string;
  reason: string;
}

export interface DeploymentView {
  id: string;
  service: string;
  version: string;
  fromColor: Color | null;
  fromVersion: string | null;
  toColor: Color;
  phase: Phase;
  message: string;
  history: PhaseStep[];
  createdAt: string;
  updatedAt: string;
}

export interface HealthPoint {
  at: string;
  state: HealthState;
  /** Latency of the last probe; null when the round had no answer to time. */
  latencyMs: number | null;
  ok: boolean | null;
  /** Live-traffic error rate, when the color receives traffic. */
  errorRate: number | null;
}

export interface ColorView {
  color: Color;
  version: string | null;
  status: EnvironmentStatus | null;
  health: HealthState | null;
  /** Health over time for the chart, oldest first; starts over with each new version. */
  points: HealthPoint[];
}

export interface RolledBackLink {
  deploymentId: string;
  version: string;
  at: string;
}

export interface ServiceView {
  service: string;
  liveColor: Color | null;
  liveVersion: string | null;
  colors: Record<Color, ColorView>;
  /** The current deployment, or the last one. */
  deployment: DeploymentView | null;
  /** Newest first. */
  rolledBack: RolledBackLink[];
}

export type FeedKind = 'phase' | 'health' | 'switch' | 'environment' | 'notification';

export interface FeedItem {
  at: string;
  kind: FeedKind;
  service: string;
  level: 'info' | 'warning' | 'critical';
  text: string;
}

export interface DashboardView {
  services: Record<string, ServiceView>;
  /** Newest first. */
  events: FeedItem[];
}

export type DashboardEvent =
  | { kind: 'deployment'; deployment: DeploymentView; previousPhase: Phase | null }
  | { kind: 'snapshot'; service: string; color: Color; version: string | null; point: HealthPoint }
  | { kind: 'transition'; service: string; color: Color; version: string | null; from: HealthState; to: HealthState; at: string; reason: string }
  | { kind: 'switch'; service: string; at: string; ok: boolean; fromColor: Color | null; toColor: Color; durationMs: number; error: string | null }
  | { kind: 'environment'; service: string; color: Color; version: string | null; status: EnvironmentStatus; at: string; reason: string }
  | { kind: 'notification'; service: string; at: string; level: FeedItem['level']; title: string; text: string };

export const LIMITS = { points: 90, events: 60, rolledBack: 5 } as const;

function emptyColor(color: Color): ColorView {
  return { color, version: null, status: null, health: null, points: [] };
}

export function emptyService(service: string): ServiceView {
  return { service, liveColor: null, liveVersion: null, colors: { blue: emptyColor('blue'), green: emptyColor('green') }, deployment: null, rolledBack: [] };
}

/** Applies one event to the view, in place, and returns it. Stale events change nothing. */
export function applyEvent(view: DashboardView, event: DashboardEvent): DashboardView {
  const service = serviceIn(view, event.kind === 'deployment' ? event.deployment.service : event.service);
  switch (event.kind) {
    case 'deployment':
      applyDeployment(view, service, event.deployment, event.previousPhase);
      break;
    case 'snapshot':
      applySnapshot(service.colors[event.color], event.version, event.point);
      break;
    case 'transition': {
      const color = service.colors[event.color];
      if (event.version === color.version || color.version === null) color.health = event.to;
      const level = event.to === 'degraded' || event.to === 'unhealthy' ? 'warning' : 'info';
      feed(view, { at: event.at, kind: 'health', service: service.service, level, text: `${event.color} ${event.version ?? ''} ${event.from} → ${event.to}: ${event.reason}` });
      break;
    }
    case 'switch':
      if (event.ok) {
        service.liveColor = event.toColor;
        service.liveVersion = service.colors[event.toColor].version;
      }
      feed(view, {
        at: event.at,
        kind: 'switch',
        service: service.service,
        level: event.ok ? 'info' : 'critical',
        text: event.ok
          ? `traffic switched ${event.fromColor ?? '(none)'} → ${event.toColor} in ${Math.round(event.durationMs)} ms`
          : `switch to ${event.toColor} failed: ${event.error ?? 'unknown error'}`,
      });
      break;
    case 'environment': {
      const color = service.colors[event.color];
      if (color.version !== event.version) color.points = [];
      color.version = event.version;
      color.status = event.status;
      if (service.liveColor === event.color && event.version !== null) service.liveVersion = event.version;
      feed(view, { at: event.at, kind: 'environment', service: service.service, level: event.status === 'failed' ? 'critical' : 'info', text: `${event.color} ${event.version ?? ''} ${event.status}: ${event.reason}` });
      break;
    }
    case 'notification':
      feed(view, { at: event.at, kind: 'notification', service: service.service, level: event.level, text: `${event.title}: ${event.text}` });
      break;
  }
  return view;
}

function serviceIn(view: DashboardView, name: string): ServiceView {
  let service = view.services[name];
  if (!service) {
    service = emptyService(name);
    view.services[name] = service;
  }
  return service;
}

function applyDeployment(view: DashboardView, service: ServiceView, next: DeploymentView, previousPhase: Phase | null): void {
  const current = service.deployment;
  // The initial state and the live stream overlap: keep whichever is newer.
  if (current && (next.createdAt < current.createdAt || (current.id === next.id && next.updatedAt < current.updatedAt))) return;
  service.deployment = next;
  if (next.phase === 'RolledBack' && !service.rolledBack.some((r) => r.deploymentId === next.id)) {
    service.rolledBack.unshift({ deploymentId: next.id, version: next.version, at: next.updatedAt });
    service.rolledBack.length = Math.min(service.rolledBack.length, LIMITS.rolledBack);
  }
  const level = next.phase === 'Failed' || next.phase === 'RolledBack' ? 'critical' : next.phase === 'RollingBack' ? 'warning' : 'info';
  const step = previousPhase ? `${previousPhase} → ${next.phase}` : next.phase;
  feed(view, { at: next.updatedAt, kind: 'phase', service: service.service, level, text: `${next.version} ${step}: ${next.message}` });
}

function applySnapshot(color: ColorView, version: string | null, point: HealthPoint): void {
  if (version !== color.version) {
    color.version = version;
    color.points = [];
  }
  const last = color.points[color.points.length - 1];
  if (last && point.at <= last.at) return;
  color.health = point.state;
  color.points.push(point);
  if (color.points.length > LIMITS.points) color.points.splice(0, color.points.length - LIMITS.points);
}

function feed(view: DashboardView, item: FeedItem): void {
  view.events.unshift(item);
  if (view.events.length > LIMITS.events) view.events.length = LIMITS.events;
}
