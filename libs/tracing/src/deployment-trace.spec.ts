import { context, trace } from '@opentelemetry/api';
import { deploymentContext, deploymentParent, deploymentSpanIds } from './deployment-trace';
import { recordSpansInMemory } from './testing/record-spans';

recordSpansInMemory();

describe('deployment trace ids', () => {
  it('are the same for the same deployment in every process, and valid W3C ids', () => {
    const a = deploymentSpanIds('demo-20250101-abc123');
    expect(deploymentSpanIds('demo-20250101-abc123')).toEqual(a);
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.isSpanContextValid({ ...a, traceFlags: 1 })).toBe(true);
  });

  it('differ between deployments', () => {
    const a = deploymentSpanIds('demo-20250101-abc123');
    const b = deploymentSpanIds('demo-20250101-abc124');
    expect(b.traceId).not.toBe(a.traceId);
    expect(b.spanId).not.toBe(a.spanId);
  });

  it('make spans started under the deployment context children of its root span', () => {
    const ids = deploymentSpanIds('demo-20250101-abc123');
    const span = trace.getTracer('t').startSpan('child', {}, deploymentContext('demo-20250101-abc123'));
    expect(span.spanContext().traceId).toBe(ids.traceId);
    expect(span.spanContext().spanId).not.toBe(ids.spanId);
    span.end();
  });

  it('keep an active span of the same trace as parent, and replace one of another trace', () => {
    const tracer = trace.getTracer('t');
    const inTrace = tracer.startSpan('sender', {}, deploymentContext('demo-20250101-abc123'));
    const elsewhere = tracer.startSpan('unrelated', { root: true });
    const parentSpan = (ctx = context.active()) => trace.getSpanContext(ctx)?.spanId;
    context.with(trace.setSpan(context.active(), inTrace), () => {
      expect(parentSpan(deploymentParent('demo-20250101-abc123'))).toBe(inTrace.spanContext().spanId);
    });
    context.with(trace.setSpan(context.active(), elsewhere), () => {
      expect(parentSpan(deploymentParent('demo-20250101-abc123'))).toBe(deploymentSpanIds('demo-20250101-abc123').spanId);
      expect(parentSpan(deploymentParent(undefined))).toBe(elsewhere.spanContext().spanId);
    });
  });
});
