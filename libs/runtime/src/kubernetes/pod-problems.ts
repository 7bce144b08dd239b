// What is wrong with one pod, read from its status and the kubelet's events about it, in
// words that name the pod, the container and Kubernetes' own reason.
import type { CoreV1Event, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { CRASH_LOOP_RESTARTS, FATAL_WAITING_REASONS, KubernetesReasons } from './reasons';

export interface Problem {
  reason: string;
  message: string;
}

export interface ReadinessRule {
  now: Date;
  /** Failures in a row after which Kubernetes itself takes a pod out of rotation. */
  failureThreshold: number;
  periodMs: number;
}

const READINESS_FAILED = /^Readiness probe failed/;

export const podName = (pod: V1Pod): string => pod.metadata?.name ?? '(unnamed pod)';

export function isPodReady(pod: V1Pod): boolean {
  return !pod.metadata?.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function containerStatuses(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** A problem that waiting will not solve, or null. */
export function podProblem(pod: V1Pod, events: CoreV1Event[], readiness: ReadinessRule): Problem | null {
  const name = podName(pod);
  const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return { reason: KubernetesReasons.Unschedulable, message: `pod ${name} cannot be scheduled: ${scheduled.message ?? 'no reason given'}` };
  }
  for (const container of containerStatuses(pod)) {
    const waiting = container.state?.waiting;
    if (waiting?.reason && FATAL_WAITING_REASONS.has(waiting.reason)) {
      const detail = waiting.message ? ` (${waiting.message})` : '';
      return { reason: waiting.reason, message: `pod ${name}: container ${container.name} is waiting: ${waiting.reason}${detail}${crashes(container)}` };
    }
    if (!container.ready && container.restartCount >= CRASH_LOOP_RESTARTS) {
      return { reason: KubernetesReasons.CrashLoopBackOff, message: `pod ${name}: container ${container.name} keeps crashing${crashes(container)}` };
    }
  }
  return readinessProblem(pod, events, readiness);
}

/**
 * The readiness probe keeps failing: the kubelet reported it, the containers have started
 * (the startup probe passed, so this is not a slow start) and the failures went on for as
 * many probes as the policy tolerates, by count or, when the kubelet reports them once,
 * by time.
 */
function readinessProblem(pod: V1Pod, events: CoreV1Event[], rule: ReadinessRule): Problem | null {
  const name = podName(pod);
  const statuses = pod.status?.containerStatuses ?? [];
  if (isPodReady(pod) || statuses.length === 0 || !statuses.every((c) => c.started && c.state?.running)) return null;
  const failures = events.filter((e) => e.involvedObject.name === name && e.reason === 'Unhealthy' && READINESS_FAILED.test(e.message ?? ''));
  if (failures.length === 0) return null;
  const count = failures.reduce((n, e) => n + (e.count ?? 1), 0);
  const since = Math.min(...failures.map(firstSeen));
  const failingMs = rule.now.getTime() - since;
  if (count < rule.failureThreshold && failingMs < rule.failureThreshold * rule.periodMs) return null;
  const last = failures.reduce((a, b) => (lastSeen(b) >= lastSeen(a) ? b : a));
  const how = count >= rule.failureThreshold ? `${count} times` : `for ${Math.round(failingMs / 1000)} s`;
  return { reason: KubernetesReasons.ReadinessProbeFailed, message: `pod ${name}: the readiness probe failed ${how}: ${last.message}` };
}

const time = (d: Date | undefined) => (d ? new Date(d).getTime() : Number.NaN);
const firstSeen = (e: CoreV1Event) => [e.firstTimestamp, e.eventTime, e.lastTimestamp, e.metadata.creationTimestamp].map(time).find(Number.isFinite) ?? 0;
const lastSeen = (e: CoreV1Event) => [e.lastTimestamp, e.eventTime, e.firstTimestamp, e.metadata.creationTimestamp].map(time).find(Number.isFinite) ?? 0;

/** Why a pod is not ready yet, in a few words: for the message of a starting environment. */
export function podProgress(pod: V1Pod): string {
  const name = podName(pod);
  if (isPodReady(pod)) return `${name} ready`;
  const waiting = containerStatuses(pod).find((c) => c.state?.waiting)?.state?.waiting;
  if (waiting) return `${name} ${waiting.reason ?? 'waiting'}`;
  const scheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (scheduled?.status !== 'True') return `${name} not scheduled yet`;
  return `${name} ${pod.status?.phase ?? 'Pending'}, not ready`;
}

function crashes(container: V1ContainerStatus): string {
  const restarts = container.restartCount > 0 ? ` after ${container.restartCount} restart(s)` : '';
  const last = container.lastState?.terminated;
  if (!last) return restarts;
  const why = last.reason ? ` (${last.reason}${last.message ? `: ${last.message}` : ''})` : '';
  return `${restarts}; last exit: code ${last.exitCode}${why}`;
}
