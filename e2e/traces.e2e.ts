// Issue 4's traces "must show": a whole stack exporting over OTLP/HTTP (JSON) to a receiver
// in this test. Each deployment is one trace, with spans from the orchestrator (a span per
// phase under the root "deployment" span), the health-monitor (probe rounds), the switcher
// (switches) and, when it rolls back, the rollback service. With no OTEL_* variables
// nothing is exported at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentSpanIds } from '@cutover/tracing';
import { waitFor } from '@cutover/testkit';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { processLog, startStack, type CliResult, type Stack } from './support/cutover';

const SERVICES = ['orchestrator', 'health-monitor', 'switcher', 'rollback'];
/** The exporter's default endpoint, where an SDK that started by default would send. */
const DEFAULT_OTLP_PORT = 4318;

const deploymentOf = (r: CliResult): { id: string; phase: string; history: { phase: string }[] } => {
  try {
    return JSON.parse(r.stdout) as { id: string; phase: string; history: { phase: string }[] };
  } catch {
    throw new Error(`not a JSON record (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

const withoutOtel = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('OTEL_')));

function traceOf(receiver: OtlpReceiver, deploymentId: string): ReceivedSpan[] {
  const { traceId } = deploymentSpanIds(deploymentId);
  return receiver.spans.filter((s) => s.traceId === traceId);
}

const servicesIn = (spans: ReceivedSpan[]) => [...new Set(spans.map((s) => s.service))].sort();

describe('traces over OTLP', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack(
      { demo: { instances: 1 } },
      {
        env: {
          ...withoutOtel(process.env),
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
          OTEL_BSP_SCHEDULE_DELAY: '200',
        },
      },
    );
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  it('puts one deployment that succeeds under one trace, with a span per phase', async () => {
    const r = await stack.cli(['release', 'demo', '1.0.0', '--wait', '--json']);
    expect(r.code).toBe(0);
    const d = deploymentOf(r);
    const root = deploymentSpanIds(d.id);
    const spans = () => traceOf(receiver, d.id);
    // Each process exports in its own batches: wait for the spans of all three.
    const names = () => new Set(spans().map((s) => s.name));
    await waitFor(() => ['deployment', 'switch', 'probe round'].every((n) => names().has(n)) && servicesIn(spans()).length >= 3, {
      timeoutMs: 30_000,
      what: `spans of ${d.id} from the orchestrator, health-monitor and switcher (have ${servicesIn(spans()).join(', ') || 'none'}); orchestrator log:\n${processLog(stack, 'orchestrator')}`,
    });

    expect(servicesIn(spans())).toEqual(['health-monitor', 'orchestrator', 'switcher']);
    const deployment = spans().find((s) => s.name === 'deployment')!;
    expect(deployment).toMatchObject({ service: 'orchestrator', spanId: root.spanId, parentSpanId: '', error: false });
    expect(deployment.attributes).toMatchObject({ 'cutover.deployment_id': d.id, 'cutover.service': 'demo', 'cutover.version': '1.0.0', 'cutover.phase': 'Succeeded' });

    const phases = spans().filter((s) => s.name.startsWith('phase ')).sort((a, b) => a.startMs - b.startMs);
    expect(phases.map((s) => s.attributes['cutover.phase'])).toEqual(d.history.slice(0, -1).map((h) => h.phase));
    for (const p of phases) {
      expect(p.parentSpanId).toBe(root.spanId);
      expect(p.startMs).toBeGreaterThanOrEqual(deployment.startMs);
      expect(p.endMs).toBeLessThanOrEqual(deployment.endMs);
    }
    const switched = spans().filter((s) => s.name === 'switch');
    expect(switched).toHaveLength(1);
    expect(switched[0]!.attributes).toMatchObject({ 'cutover.color': 'blue', 'cutover.switch.ok': true, 'cutover.deployment_id': d.id });
    const rounds = spans().filter((s) => s.name === 'probe round');
    expect(rounds.length).toBeGreaterThan(0);
    expect(rounds.every((s) => s.service === 'health-monitor' && s.attributes['cutover.color'] === 'blue')).toBe(true);
  });

  it('puts a deployment that rolls back under one trace with spans from all four services', async () => {
    const r = await stack.cli(['release', 'demo', '2.0.0', '--env', 'FAULT_AFTER_MS=1500', '--wait', '--json']);
    expect(r.code).toBe(1);
    const d = deploymentOf(r);
    expect(d.phase).toBe('RolledBack');
    const spans = () => traceOf(receiver, d.id);
    const expected = ['deployment', 'phase Monitoring', 'phase RollingBack', 'rollback', 'rollback decision', 'rollback switch back', 'switch', 'probe round'];
    // Each process exports in its own batches: wait until every span this deployment must have has arrived.
    const arrived = () => {
      const names = new Set(spans().map((s) => s.name));
      return servicesIn(spans()).length === 4 && expected.every((n) => names.has(n)) && spans().filter((s) => s.name === 'switch').length >= 2;
    };
    await waitFor(arrived, {
      timeoutMs: 30_000,
      what: `spans of ${d.id} from all four services (have ${servicesIn(spans()).join(', ') || 'none'}: ${[...new Set(spans().map((s) => s.name))].join(', ')})`,
    });

    expect(servicesIn(spans())).toEqual([...SERVICES].sort());
    const deployment = spans().find((s) => s.name === 'deployment')!;
    expect(deployment).toMatchObject({ spanId: deploymentSpanIds(d.id).spanId, error: true });
    expect(deployment.attributes['cutover.phase']).toBe('RolledBack');
    // Traffic went to green, then back to blue: two switches in the same trace.
    expect(spans().filter((s) => s.name === 'switch').map((s) => s.attributes['cutover.color']).sort()).toEqual(['blue', 'green']);
    expect(spans().find((s) => s.name === 'phase RollingBack')!.service).toBe('rollback');
    const failedRounds = spans().filter((s) => s.name === 'probe round' && s.error);
    expect(failedRounds.length).toBeGreaterThan(0);
    expect(failedRounds.every((s) => s.attributes['cutover.color'] === 'green' && s.attributes['cutover.version'] === '2.0.0')).toBe(true);
  });
});

describe('traces are off by default', () => {
  it('exports nothing when no OTEL_* variable is set, not even to the default endpoint', async () => {
    const receiver = await startOtlpReceiver(DEFAULT_OTLP_PORT);
    const stack = await startStack({ demo: { instances: 1 } }, { env: withoutOtel(process.env) });
    try {
      const r = await stack.cli(['release', 'demo', '1.0.0', '--wait', '--json']);
      expect(r.code).toBe(0);
      for (const service of SERVICES) expect(readFileSync(join(stack.dataDir, 'logs', `${service}.log`), 'utf8')).not.toContain('tracing on');
    } finally {
      // Stopping flushes whatever an exporter would still hold.
      await stack.stop();
      await receiver.close();
    }
    expect(receiver.requests).toBe(0);
  });
});
