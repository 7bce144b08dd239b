// W3C trace context across NATS: a message carries the sender's span in its headers
// (traceparent, via the propagator the SDK registers: OTEL_PROPAGATORS, tracecontext by
// default), and its handler runs in that context. A message about a deployment sent
// outside any span joins the deployment's trace; with tracing off both ends are no-ops.
import { ROOT_CONTEXT, context, propagation, trace, type Context } from '@opentelemetry/api';
import { deploymentContext } from './deployment-trace';

/** Trace headers for a message sent now; empty when there is nothing to carry. */
export function outgoingTraceHeaders(deploymentId?: string): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(sendingContext(deploymentId), carrier);
  return carrier;
}

/** Runs a message's handler in the context its headers carry (or its deployment's). */
export function withIncomingTraceContext<T>(headers: Record<string, string>, deploymentId: string | undefined, fn: () => T): T {
  return context.with(receivingContext(headers, deploymentId), fn);
}

/** The SDK registers a propagator only when tracing is on; the no-op one has no fields. */
const propagating = () => propagation.fields().length > 0;

function sendingContext(deploymentId: string | undefined): Context {
  const active = context.active();
  if (!deploymentId || !propagating() || trace.getSpanContext(active)) return active;
  return deploymentContext(deploymentId);
}

function receivingContext(headers: Record<string, string>, deploymentId: string | undefined): Context {
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  if (!deploymentId || !propagating() || trace.getSpanContext(extracted)) return extracted;
  return deploymentContext(deploymentId);
}
