// The state of one color, read from what Kubernetes says about its Deployment, ReplicaSets,
// pods and events. Pure: the runtime fetches, this decides. Ready means the Deployment
// controller has seen the release (observedGeneration) and every replica of it is updated
// and available; anything waiting cannot fix fails at once, with Kubernetes' reason,
// instead of at the deadline.
import type { CoreV1Event, V1Deployment, V1DeploymentCondition, V1Pod, V1ReplicaSet, V1ReplicaSetCondition } from '@kubernetes/client-node';
import type { Endpoint, EnvironmentStatus } from '@cutover/contracts';
import { KubeAnnotations, KubeLabels } from '@cutover/config';
import { EnvironmentReasons } from '../reasons';
import { isPodReady, podProblem, podProgress, type Problem } from './pod-problems';
import { KubernetesReasons } from './reasons';

export interface ColorObjects {
  deployment: V1Deployment | null;
  replicaSets: V1ReplicaSet[];
  /** Every pod of the color, of any release. */
  pods: V1Pod[];
  /** Recent events of the color's namespace. */
  events: CoreV1Event[];
}

export interface ClassifyContext {
  now: Date;
  readinessTimeoutMs: number;
  /** Readiness probe failures in a row that take a pod out of rotation, and the time between probes. */
  readinessFailureThreshold: number;
  readinessPeriodMs: number;
  containerPort: number;
  /** This release was ready before: losing pods now is a degradation, not a slow start. */
  wasReady: boolean;
}

export interface Classification {
  status: EnvironmentStatus;
  reason: string;
  message: string;
  /** Where the ready pods of the release listen. */
  endpoints: Endpoint[];
}

const QUOTA = /exceeded quota|failed quota/;

export function classify(objects: ColorObjects, ctx: ClassifyContext): Classification {
  const { deployment } = objects;
  if (!deployment) return { status: 'stopped', reason: KubernetesReasons.NotDeployed, message: 'no Deployment of this color', endpoints: [] };
  const name = deployment.metadata?.name ?? '(unnamed)';
  const live = objects.pods.filter((p) => !p.metadata?.deletionTimestamp);
  if ((deployment.spec?.replicas ?? 1) === 0) {
    return objects.pods.length > 0
      ? { status: 'stopping', reason: EnvironmentReasons.Stopping, message: `scaled to 0; ${objects.pods.length} pod(s) still terminating`, endpoints: [] }
      : { status: 'stopped', reason: EnvironmentReasons.ScaledDown, message: `${name} is scaled to 0`, endpoints: [] };
  }

  const hash = deployment.metadata?.annotations?.[KubeAnnotations.specHash];
  const version = deployment.metadata?.annotations?.[KubeAnnotations.version] ?? 'unknown version';
  const current = live.filter((p) => p.metadata?.labels?.[KubeLabels.specHash] === hash);
  const ready = current.filter(isPodReady);
  const endpoints = ready.flatMap((p) => (p.status?.podIP ? [{ host: p.status.podIP, port: ctx.containerPort }] : []));
  const wanted = deployment.spec?.replicas ?? 1;

  if (isRolledOut(deployment)) {
    return { status: 'ready', reason: EnvironmentReasons.Ready, message: `${wanted} pod(s) of ${version} ready`, endpoints };
  }
  const problem = failure(objects, current, hash, ctx);
  if (ctx.wasReady) {
    if (ready.length > 0) {
      const note = problem ? `; ${problem.message}` : `; ${progress(current)}`;
      return { status: 'ready', reason: EnvironmentReasons.Ready, message: `${ready.length}/${wanted} pod(s) of ${version} ready${note}`, endpoints };
    }
    return {
      status: 'failed',
      reason: problem?.reason ?? KubernetesReasons.PodsNotReady,
      message: `no pod of ${version} is ready any more: ${problem?.message ?? progress(current)}`,
      endpoints: [],
    };
  }
  if (problem) return { status: 'failed', ...problem, endpoints: [] };

  const appliedAt = Date.parse(deployment.metadata?.annotations?.[KubeAnnotations.appliedAt] ?? '');
  if (Number.isFinite(appliedAt) && ctx.now.getTime() - appliedAt >= ctx.readinessTimeoutMs) {
    return {
      status: 'failed',
      reason: EnvironmentReasons.ReadinessTimeout,
      message: `not ready within ${ctx.readinessTimeoutMs} ms: ${ready.length}/${wanted} pod(s) of ${version} ready; ${progress(current)}`,
      endpoints: [],
    };
  }
  return {
    status: 'starting',
    reason: EnvironmentReasons.Starting,
    message: `${ready.length}/${wanted} pod(s) of ${version} ready; ${progress(current)}`,
    endpoints,
  };
}

/** The Deployment controller has seen this spec and every replica runs it and is available. */
export function isRolledOut(deployment: V1Deployment): boolean {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  return (
    (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 1) &&
    (status.replicas ?? 0) === wanted &&
    (status.updatedReplicas ?? 0) === wanted &&
    (status.availableReplicas ?? 0) === wanted
  );
}

function failure(objects: ColorObjects, current: V1Pod[], hash: string | undefined, ctx: ClassifyContext): Problem | null {
  const quota = quotaRejection(objects, hash);
  if (quota) return quota;
  for (const pod of current) {
    const problem = podProblem(pod, objects.events, { now: ctx.now, failureThreshold: ctx.readinessFailureThreshold, periodMs: ctx.readinessPeriodMs });
    if (problem) return problem;
  }
  const progressing = objects.deployment?.status?.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
    return { reason: KubernetesReasons.ProgressDeadlineExceeded, message: `Deployment ${objects.deployment?.metadata?.name}: ${progressing.message ?? 'progress deadline exceeded'}` };
  }
  return null;
}

/** The release's ReplicaSet (or the Deployment, which copies its failures) could not create pods for lack of quota. */
function quotaRejection(objects: ColorObjects, hash: string | undefined): Problem | null {
  const replicaSet = objects.replicaSets.find((rs) => rs.spec?.template?.metadata?.labels?.[KubeLabels.specHash] === hash);
  const sources: [string, (V1ReplicaSetCondition | V1DeploymentCondition)[]][] = [
    [`ReplicaSet ${replicaSet?.metadata?.name}`, replicaSet?.status?.conditions ?? []],
    [`Deployment ${objects.deployment?.metadata?.name}`, objects.deployment?.status?.conditions ?? []],
  ];
  for (const [what, conditions] of sources) {
    const failed = conditions.find((c) => c.type === 'ReplicaFailure' && c.status === 'True' && QUOTA.test(c.message ?? ''));
    if (failed) return { reason: KubernetesReasons.QuotaExceeded, message: `${what} cannot create pods: ${failed.message}` };
  }
  return null;
}

function progress(pods: V1Pod[]): string {
  if (pods.length === 0) return 'no pod created yet';
  return pods.map(podProgress).join(', ');
}
