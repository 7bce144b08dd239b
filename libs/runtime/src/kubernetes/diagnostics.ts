// What a human needs after a failure, from Kubernetes: the Deployment's rollout status, every
// pod with its containers' states and restart counts, the recent events, and the last log
// lines where the API can give them (simulated nodes have no logs: that is said, not hidden).
import type { CoreV1Event, V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { KubeAnnotations } from '@cutover/config';
import type { ColorObjects } from './status';

const EVENTS_KEPT = 50;
export const LOG_LINES = 50;
// Keeps a diagnostics reply well inside NATS's 1 MiB payload even with many pods.
export const LOG_BYTES_PER_CONTAINER = 16 * 1024;
export const PODS_WITH_LOGS = 10;

export interface ContainerDiagnostics {
  name: string;
  ready: boolean;
  restartCount: number;
  state: string;
  lastState: string | null;
}

export interface PodDiagnostics {
  name: string;
  phase: string;
  ready: boolean;
  node: string | null;
  ip: string | null;
  version: string | null;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  containers: ContainerDiagnostics[];
}

export interface EventDiagnostics {
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  lastSeen: string | null;
}

export type ContainerLogs = { pod: string; container: string } & ({ lines: string[] } | { unavailable: string });

/** RuntimeDiagnostics.details of the kubernetes runtime. */
export type KubernetesDiagnosticsDetails = {
  runtime: 'kubernetes';
  namespace: string;
  deployment: {
    name: string;
    generation: number | null;
    observedGeneration: number | null;
    replicas: number;
    updatedReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    conditions: { type: string; status: string; reason?: string; message?: string }[];
  } | null;
  pods: PodDiagnostics[];
  events: EventDiagnostics[];
  logs: ContainerLogs[];
};

export function describeColor(namespace: string, objects: ColorObjects, logs: ContainerLogs[]): KubernetesDiagnosticsDetails {
  const d = objects.deployment;
  return {
    runtime: 'kubernetes',
    namespace,
    deployment: d
      ? {
          name: d.metadata?.name ?? '',
          generation: d.metadata?.generation ?? null,
          observedGeneration: d.status?.observedGeneration ?? null,
          replicas: d.spec?.replicas ?? 1,
          updatedReplicas: d.status?.updatedReplicas ?? 0,
          readyReplicas: d.status?.readyReplicas ?? 0,
          availableReplicas: d.status?.availableReplicas ?? 0,
          conditions: (d.status?.conditions ?? []).map(condition),
        }
      : null,
    pods: objects.pods.map(describePod),
    events: [...objects.events].sort((a, b) => seenAt(a) - seenAt(b)).slice(-EVENTS_KEPT).map(describeEvent),
    logs,
  };
}

function describePod(pod: V1Pod): PodDiagnostics {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    node: pod.spec?.nodeName ?? null,
    ip: pod.status?.podIP ?? null,
    version: pod.metadata?.annotations?.[KubeAnnotations.version] ?? null,
    conditions: (pod.status?.conditions ?? []).map(condition),
    containers: statuses.map((c) => ({
      name: c.name,
      ready: c.ready,
      restartCount: c.restartCount,
      state: describeState(c.state) ?? 'unknown',
      lastState: describeState(c.lastState),
    })),
  };
}

function condition(c: { type: string; status: string; reason?: string; message?: string }) {
  return { type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}

function describeState(state: V1ContainerState | undefined): string | null {
  if (state?.running) return `running since ${iso(state.running.startedAt)}`;
  if (state?.waiting) return `waiting: ${state.waiting.reason ?? 'no reason'}${state.waiting.message ? ` (${state.waiting.message})` : ''}`;
  if (state?.terminated) {
    const t = state.terminated;
    return `terminated with code ${t.exitCode}${t.reason ? ` (${t.reason})` : ''} at ${iso(t.finishedAt)}${t.message ? `: ${t.message}` : ''}`;
  }
  return null;
}

function describeEvent(e: CoreV1Event): EventDiagnostics {
  const at = seenAt(e);
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}`,
    message: e.message ?? '',
    count: e.count ?? e.series?.count ?? 1,
    lastSeen: at > 0 ? new Date(at).toISOString() : null,
  };
}

function seenAt(e: CoreV1Event): number {
  const when = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return when ? new Date(when).getTime() : 0;
}

const iso = (d: Date | string | undefined) => (d ? new Date(d).toISOString() : 'unknown time');
