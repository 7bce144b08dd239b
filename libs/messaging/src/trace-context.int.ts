// W3C trace context rides in NATS headers on every transport: the handler of a JetStream
// consumer, a core subscription and a request-reply responder runs in the sender's span.
import { context, trace, type SpanContext } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { deploymentSpanIds } from '@cutover/tracing';
import type { Bus } from './bus';

new node.NodeTracerProvider().register();
const tracer = trace.getTracer('test');
const active = () => trace.getSpanContext(context.active());

/** Runs fn inside a new span and returns that span's context. */
async function inSenderSpan(fn: () => Promise<unknown>): Promise<SpanContext> {
  const span = tracer.startSpan('sender');
  await context.with(trace.setSpan(context.active(), span), fn);
  span.end();
  return span.spanContext();
}

const zero = { requests: 0, errors5xx: 0, upstreamFailures: 0, latency: { boundsMs: [], counts: [] } };

describe('trace context over NATS', () => {
  let fx: MessagingFixture;
  let bus: Bus;

  beforeAll(async () => {
    fx = await startMessaging();
    bus = await fx.connect('switcher');
  });
  afterAll(() => fx.stop());

  it('reaches a durable consumer, and a deployment message sent outside a span joins its deployment', async () => {
    const seen: Array<SpanContext | undefined> = [];
    const consumer = await bus.consume('switch', async () => void seen.push(active()), { durable: 'trace-test' });
    const cmd = { service: 'demo', toColor: 'green' as const, expectedColor: 'blue' as const, reason: 'test' };
    const sender = await inSenderSpan(() => bus.publish('switch', [], cmd));
    await bus.publish('switch', [], cmd, { deploymentId: 'demo-20250101-abc123' });
    await waitFor(() => seen.length === 2, { what: 'both commands handled' });
    expect(seen[0]).toMatchObject({ traceId: sender.traceId, spanId: sender.spanId, isRemote: true });
    expect(seen[1]).toMatchObject(deploymentSpanIds('demo-20250101-abc123'));
    await consumer.stop();
  });

  it('reaches a core subscriber', async () => {
    const seen: Array<SpanContext | undefined> = [];
    const sub = await bus.subscribe('traffic', undefined, async () => void seen.push(active()));
    const sender = await inSenderSpan(() => bus.publish('traffic', ['demo'], { service: 'demo', liveColor: 'blue', intervalMs: 1000, blue: zero, green: zero }));
    await waitFor(() => seen.length === 1, { what: 'the sample' });
    expect(seen[0]).toMatchObject({ traceId: sender.traceId, spanId: sender.spanId });
    await sub.stop();
  });

  it('reaches a request-reply responder', async () => {
    const served = await bus.serve('runtimeScaleDown', async () => active()?.spanId ?? null);
    let reply: unknown;
    const sender = await inSenderSpan(async () => {
      reply = await bus.request('runtimeScaleDown', { service: 'demo', color: 'blue', reason: 'test' });
    });
    expect(reply).toBe(sender.spanId);
    await served.stop();
  });

  it('sends no trace headers when there is no span and no deployment', async () => {
    const headers: Array<Record<string, string>> = [];
    const sub = await bus.subscribe('traffic', undefined, async (_env, ctx) => void headers.push(ctx.headers));
    await bus.publish('traffic', ['demo'], { service: 'demo', liveColor: 'blue', intervalMs: 1000, blue: zero, green: zero });
    await waitFor(() => headers.length === 1, { what: 'the sample' });
    expect(headers[0]).toEqual({});
    await sub.stop();
  });
});
