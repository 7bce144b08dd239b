// One trace per deployment without shared state: the trace id and the root span id are
// derived from the deployment id, so every service (and a restarted one) puts its spans
// under the same trace and parent, whether or not a message carried the context.
import { createHash } from 'node:crypto';
import { ROOT_CONTEXT, TraceFlags, context, trace, type Context } from '@opentelemetry/api';

export interface DeploymentSpanIds {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits: the id of the root "deployment" span. */
  spanId: string;
}

export function deploymentSpanIds(deploymentId: string): DeploymentSpanIds {
  const hex = createHash('sha256').update(`cutover/deployment/${deploymentId}`).digest('hex');
  return { traceId: hex.slice(0, 32), spanId: hex.slice(32, 48) };
}

/** A context whose parent is the deployment's root span, as if it came over the wire. */
export function deploymentContext(deploymentId: string): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { ...deploymentSpanIds(deploymentId), traceFlags: TraceFlags.SAMPLED, isRemote: true });
}

/**
 * The parent for a span about this deployment: the active span when it already belongs to
 * the deployment's trace (so a message's sender stays the parent), else the root span;
 * the active context when there is no deployment.
 */
export function deploymentParent(deploymentId: string | null | undefined): Context {
  const active = context.active();
  if (!deploymentId) return active;
  const span = trace.getSpanContext(active);
  return span?.traceId === deploymentSpanIds(deploymentId).traceId ? active : deploymentContext(deploymentId);
}

/** Runs fn under the deployment's root span: messages it sends join the deployment's trace. */
export function inDeploymentTrace<T>(deploymentId: string, fn: () => T): T {
  return context.with(deploymentContext(deploymentId), fn);
}
