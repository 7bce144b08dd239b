import { context, trace } from '@opentelemetry/api';
import { deploymentSpanIds } from './deployment-trace';
import { outgoingTraceHeaders, withIncomingTraceContext } from './message-context';
import { recordSpansInMemory } from './testing/record-spans';

recordSpansInMemory();
const tracer = trace.getTracer('t');
const ID = 'demo-20250101-abc123';

describe('trace context in message headers', () => {
  it('carries the active span as a W3C traceparent', () => {
    const span = tracer.startSpan('publish');
    const headers = context.with(trace.setSpan(context.active(), span), () => outgoingTraceHeaders(ID));
    const { traceId, spanId } = span.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
  });

  it("joins a deployment's message sent outside any span to the deployment's root span", () => {
    const { traceId, spanId } = deploymentSpanIds(ID);
    expect(outgoingTraceHeaders(ID).traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(outgoingTraceHeaders(undefined)).toEqual({});
  });

  it('runs the handler, across awaits, in the context the headers carry', async () => {
    const sender = tracer.startSpan('sender');
    const headers = context.with(trace.setSpan(context.active(), sender), () => outgoingTraceHeaders(undefined));
    const seen = await withIncomingTraceContext(headers, ID, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const child = tracer.startSpan('handler');
      child.end();
      return { active: trace.getSpanContext(context.active()), child: child.spanContext() };
    });
    expect(seen.active).toMatchObject({ traceId: sender.spanContext().traceId, spanId: sender.spanContext().spanId, isRemote: true });
    expect(seen.child.traceId).toBe(sender.spanContext().traceId);
  });

  it("falls back to the deployment's trace when the message carries no headers", () => {
    const active = withIncomingTraceContext({}, ID, () => trace.getSpanContext(context.active()));
    expect(active).toMatchObject(deploymentSpanIds(ID));
    expect(withIncomingTraceContext({}, undefined, () => trace.getSpanContext(context.active()))).toBeUndefined();
  });

  it('ignores a malformed traceparent rather than failing the message', () => {
    const active = withIncomingTraceContext({ traceparent: 'garbage' }, ID, () => trace.getSpanContext(context.active()));
    expect(active).toMatchObject(deploymentSpanIds(ID));
  });
});
