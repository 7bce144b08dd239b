import { context, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import type { HealthSnapshot, HealthTransition, Notification } from '@cutover/contracts';
import { deploymentSpanIds } from '@cutover/tracing';
import type { HealthSink } from '../monitor/watch-set';
import { TracedHealthSink, type DeploymentOf } from './traced-health-sink';

const exporter = new node.InMemorySpanExporter();
new node.NodeTracerProvider({ spanProcessors: [new node.SimpleSpanProcessor(exporter)] }).register();

const ID = 'demo-20250101-abc123';
const snapshot = (probeAt: string, ok = true): HealthSnapshot => ({
  service: 'demo',
  color: 'green',
  version: '2.0.0',
  state: ok ? 'healthy' : 'degraded',
  at: '2025-01-01T00:00:00.250Z',
  consecutiveFailures: ok ? 0 : 3,
  consecutiveSuccesses: ok ? 5 : 0,
  lastProbe: { at: probeAt, target: 'http://127.0.0.1:1/', ok, ...(ok ? { status: 200, latencyMs: 3 } : { error: 'ECONNREFUSED' }) },
  recentFailures: [],
});

/** Records which trace each call to the inner sink ran in. */
function innerSink(calls: Array<[string, string | undefined]>): HealthSink {
  const seen = (what: string) => async () => void calls.push([what, trace.getSpanContext(context.active())?.traceId]);
  return { snapshot: seen('snapshot'), transition: seen('transition'), removed: seen('removed'), warning: seen('warning') };
}

describe('TracedHealthSink', () => {
  const greenOfDemo: DeploymentOf = (service, color) => (service === 'demo' && color === 'green' ? { id: ID, version: '2.0.0' } : null);
  beforeEach(() => exporter.reset());

  it('records a span per probe round of an environment a deployment is bringing up, once per round', async () => {
    const sink = new TracedHealthSink(innerSink([]), greenOfDemo);
    await sink.snapshot(snapshot('2025-01-01T00:00:00.000Z'));
    await sink.snapshot(snapshot('2025-01-01T00:00:00.000Z'));
    await sink.snapshot(snapshot('2025-01-01T00:00:00.200Z', false));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['probe round', 'probe round']);
    expect(spans.every((s) => s.spanContext().traceId === deploymentSpanIds(ID).traceId)).toBe(true);
    expect(spans[0]!.parentSpanContext?.spanId).toBe(deploymentSpanIds(ID).spanId);
    expect(spans[0]!.attributes).toMatchObject({ 'cutover.color': 'green', 'cutover.version': '2.0.0', 'cutover.deployment_id': ID, 'cutover.probe.ok': true });
    expect(spans[1]!.status).toMatchObject({ code: 2, message: 'ECONNREFUSED' });
  });

  it('leaves environments outside a running deployment alone', async () => {
    const calls: Array<[string, string | undefined]> = [];
    const sink = new TracedHealthSink(innerSink(calls), greenOfDemo);
    await sink.snapshot({ ...snapshot('2025-01-01T00:00:00.000Z'), color: 'blue' });
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(calls).toEqual([['snapshot', undefined]]);
  });

  it("sends the snapshot and transitions of a deployment's environment in its trace", async () => {
    const calls: Array<[string, string | undefined]> = [];
    const sink = new TracedHealthSink(innerSink(calls), greenOfDemo);
    const s = snapshot('2025-01-01T00:00:00.000Z', false);
    await sink.snapshot(s);
    await sink.transition({ service: 'demo', color: 'green', version: '2.0.0', from: 'healthy', to: 'degraded', at: s.at, reason: 'x', snapshot: s } as HealthTransition);
    await sink.warning({ service: 'demo' } as Notification);
    const { traceId } = deploymentSpanIds(ID);
    expect(calls).toEqual([['snapshot', traceId], ['transition', traceId], ['warning', undefined]]);
  });
});
