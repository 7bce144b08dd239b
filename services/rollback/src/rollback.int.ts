// The rollback service in-process against a real nats-server. The test plays the other
// services by writing their KV records and publishing their events, and stands in for the
// switcher: it consumes switch commands and answers with switch results.
import 'reflect-metadata';
import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  buckets,
  DeploymentRecordSchema,
  DiagnosticsBundleSchema,
  environmentKey,
  HealthSnapshotSchema,
  RoutingStateSchema,
  ServiceStateSchema,
  streams,
  type DeploymentEvent,
  type DeploymentRecord,
  type Envelope,
  type Notification,
  type SwitchCommand,
  type SwitchResult,
} from '@cutover/contracts';
import { parseConfig } from '@cutover/config';
import { systemClock } from '@cutover/core';
import { Bus, CutoverTransport, MessagingModule } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { RollbackModule } from './rollback.module';
import { at, deployment, routing, snapshot, transition } from './testing/fixtures';

type SwitchAnswer = (cmd: SwitchCommand) => Pick<SwitchResult, 'ok' | 'code' | 'error'>;

let nats: NatsServerHandle;
let serviceBus: Bus;
let bus: Bus;
let app: INestMicroservice;
const switches: Envelope<SwitchCommand>[] = [];
const events: DeploymentEvent[] = [];
const notifications: Notification[] = [];
const answers = new Map<string, SwitchAnswer>();
const stores = () => ({
  deployments: bus.kv(buckets.deployments, DeploymentRecordSchema),
  services: bus.kv(buckets.services, ServiceStateSchema),
  routing: bus.kv(buckets.routing, RoutingStateSchema),
  health: bus.kv(buckets.health, HealthSnapshotSchema),
  diagnostics: bus.kv(buckets.diagnostics, DiagnosticsBundleSchema),
});

beforeAll(async () => {
  nats = await startNatsServer();
  serviceBus = await Bus.connect({ url: nats.url, name: 'rollback' });
  await serviceBus.ensureTopology();
  bus = await Bus.connect({ url: nats.url, name: 'test' });
  await fakeSwitcher();
  await bus.follow('deploymentEvent', async (env) => void events.push(env.data), { deliver: 'new' });
  await bus.follow('notification', async (env) => void notifications.push(env.data), { deliver: 'new' });

  // No notification receivers: delivery has its own test (notify/notifier.int.ts).
  const config = parseConfig('version: 1\nservices:\n  shop: { command: node shop.js, router: { port: 8080 } }\n', '/tmp/cutover-rollback-test.yaml');
  const ctx = { bus: serviceBus, log: createLogger('rollback', { level: 'warn' }), clock: systemClock, config };
  @Module({ imports: [MessagingModule.forRoot(serviceBus), RollbackModule.register(ctx, { attemptTimeoutMs: 2_000, attempts: 2 })] })
  class TestRoot {}
  app = await NestFactory.createMicroservice(TestRoot, {
    strategy: new CutoverTransport({ bus: serviceBus, durablePrefix: 'rollback' }),
    logger: ['error'],
  });
  await app.listen();
});

afterAll(async () => {
  await app?.close();
  await serviceBus?.close();
  await bus?.close();
  await nats?.stop();
});

/** Answers like the switcher: routing written first, then the result naming the command. */
async function fakeSwitcher(): Promise<void> {
  await bus.consume(
    'switch',
    async (env) => {
      switches.push(env);
      const cmd = env.data;
      const answer = (answers.get(cmd.service) ?? (() => ({ ok: true })))(cmd);
      if (answer.ok) {
        await stores().routing.modify(cmd.service, (cur) => {
          const now = new Date().toISOString();
          const entry = { at: now, fromColor: cmd.expectedColor, toColor: cmd.toColor, version: null, reason: cmd.reason, ...(cmd.deploymentId ? { deploymentId: cmd.deploymentId } : {}) };
          return { service: cmd.service, liveColor: cmd.toColor, liveVersion: null, updatedAt: now, history: [...(cur?.value.history ?? []), entry] };
        });
      }
      await bus.publish(
        'switchResult',
        [cmd.service],
        { commandId: env.id, service: cmd.service, deploymentId: cmd.deploymentId, fromColor: cmd.expectedColor, toColor: cmd.toColor, durationMs: 1, ...answer },
        { correlationId: env.correlationId },
      );
    },
    { durable: 'switcher' },
  );
}

/** A deployment of `service` that switched traffic from blue (2.0.0) to green (3.0.0). */
async function seed(service: string, patch: Partial<DeploymentRecord> & Pick<DeploymentRecord, 'phase'>): Promise<DeploymentRecord> {
  const id = `${service}-0000000001abcdef`;
  const record = deployment({ ...patch, id, service });
  const s = stores();
  await s.deployments.put(id, record);
  const active = record.phase === 'Succeeded' ? null : id;
  await s.services.put(service, { service, activeDeploymentId: active, recentDeploymentIds: [id] });
  await s.routing.put(service, routing('green', { service, history: [{ at: at(1000), fromColor: 'blue', toColor: 'green', version: '3.0.0', deploymentId: id, reason: 'release' }] }));
  await s.health.put(environmentKey(service, 'green'), snapshot({ service }));
  return record;
}

const phaseOf = async (id: string) => (await stores().deployments.get(id))?.value.phase;
const switchesOf = (service: string) => switches.filter((s) => s.data.service === service);

/** Every message published so far on the stream was handled and acknowledged by the durable consumer. */
async function drained(stream: string, durable: string): Promise<void> {
  const jsm = await bus.connection.jetstreamManager();
  await waitFor(async () => {
    const info = await jsm.consumers.info(stream, durable);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  }, { what: `${durable} to handle everything on ${stream}` });
}

describe('automatic rollback', () => {
  it('switches back at once when the new live color degrades, then records RolledBack and a diagnostics bundle', async () => {
    const record = await seed('auto', { phase: 'Monitoring', switchedAt: new Date(Date.now() - 5_000).toISOString() });
    const recovered = transition({ service: 'auto', from: 'unknown', to: 'healthy', at: new Date(Date.now() - 4_000).toISOString(), firstFailureAt: undefined, reason: 'probes pass' });
    await bus.publish('healthTransition', ['auto', 'green'], recovered);
    const degraded = transition({ service: 'auto', at: new Date().toISOString(), firstFailureAt: new Date(Date.now() - 300).toISOString() });
    const sentAt = Date.now();
    await bus.publish('healthTransition', ['auto', 'green'], degraded);

    await waitFor(() => switchesOf('auto').length === 1, { what: 'a switch command' });
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(switchesOf('auto')[0]!.data).toMatchObject({ toColor: 'blue', expectedColor: 'green', deploymentId: record.id });

    await waitFor(async () => (await phaseOf(record.id)) === 'RolledBack', { what: 'RolledBack' });
    const stored = (await stores().deployments.get(record.id))!.value;
    expect(stored.reason).toBe('RolledBack');
    expect(stored.firstFaultAt).toBe(degraded.firstFailureAt);
    expect(stored.history.map((h) => h.phase).slice(-2)).toEqual(['RollingBack', 'RolledBack']);

    await waitFor(async () => (await stores().diagnostics.get(record.id)) !== null, { what: 'a diagnostics bundle' });
    const bundle = (await stores().diagnostics.get(record.id))!.value;
    expect(bundle.deployment.phase).toBe('RolledBack');
    expect(bundle.routing?.liveColor).toBe('blue');
    expect(bundle.transitions.map((t) => t.to)).toEqual(['healthy', 'degraded']);
    expect(bundle.lastSnapshot).toEqual(snapshot({ service: 'auto' }));
    const kinds = bundle.timeline.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['phase', 'health', 'fault', 'switch']));
    expect(bundle.timeline.find((e) => e.kind === 'health' && e.at === degraded.at)?.text).toContain(degraded.reason);
    const times = bundle.timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    await waitFor(() => notifications.some((n) => n.service === 'auto'), { what: 'a notification' });
    const note = notifications.find((n) => n.service === 'auto')!;
    expect(note).toMatchObject({ level: 'critical', event: 'rolled-back', title: 'auto 3.0.0 rolled back', deploymentId: record.id });
    expect(note.text).toContain(degraded.reason);
    expect(note.text).toMatch(/from the first fault/);
    expect(events.filter((e) => e.deployment.id === record.id).map((e) => [e.previousPhase, e.deployment.phase])).toEqual([
      ['Monitoring', 'RollingBack'],
      ['RollingBack', 'RolledBack'],
    ]);

    // The same degradation again (a redelivery, or the monitor repeating itself) changes nothing.
    await bus.publish('healthTransition', ['auto', 'green'], degraded);
    await drained(streams.events.name, 'rollback');
    expect(switchesOf('auto')).toHaveLength(1);
    expect((await stores().deployments.get(record.id))!.value.history).toHaveLength(stored.history.length);
  });

  it('finishes a rollback that a crash interrupted after marking it RollingBack', async () => {
    const monitoring = deployment({ phase: 'Monitoring' });
    const record = await seed('resumed', {
      phase: 'RollingBack',
      reason: 'HealthDegraded',
      history: [...monitoring.history, { phase: 'RollingBack', at: new Date().toISOString(), reason: 'HealthDegraded' }],
    });
    await bus.publish('healthTransition', ['resumed', 'green'], transition({ service: 'resumed' }));
    await waitFor(async () => (await phaseOf(record.id)) === 'RolledBack', { what: 'RolledBack' });
    expect(switchesOf('resumed').map((s) => s.data)).toEqual([expect.objectContaining({ toColor: 'blue', expectedColor: 'green' })]);
    expect((await stores().deployments.get(record.id))!.value.history.map((h) => h.phase).slice(-2)).toEqual(['RollingBack', 'RolledBack']);
  });

  it('ignores a degradation of the idle color', async () => {
    const record = await seed('idle', { phase: 'Monitoring' });
    await bus.publish('healthTransition', ['idle', 'blue'], transition({ service: 'idle', color: 'blue', version: '2.0.0' }));
    await drained(streams.events.name, 'rollback');
    expect(await phaseOf(record.id)).toBe('Monitoring');
    expect(switchesOf('idle')).toHaveLength(0);
  });

  it('marks the deployment Failed and raises the alarm when the switcher refuses', async () => {
    answers.set('refused', () => ({ ok: false, code: 'environment_not_ready', error: 'refused blue is stopped with 0 endpoint(s)' }));
    const record = await seed('refused', { phase: 'Monitoring' });
    await bus.publish('healthTransition', ['refused', 'green'], transition({ service: 'refused' }));
    await waitFor(async () => (await phaseOf(record.id)) === 'Failed', { what: 'Failed' });
    expect((await stores().deployments.get(record.id))!.value.reason).toBe('RollbackFailed');
    await waitFor(() => notifications.some((n) => n.service === 'refused'), { what: 'a notification' });
    expect(notifications.find((n) => n.service === 'refused')).toMatchObject({ level: 'critical', title: 'refused 3.0.0 rollback failed' });
  });
});

describe('manual rollback', () => {
  it('switches a Succeeded deployment back to its still-warm previous color within a second', async () => {
    const record = await seed('manual', { phase: 'Succeeded', finishedAt: new Date().toISOString() });
    const sentAt = Date.now();
    await bus.publish('rollback', [], { service: 'manual', reason: 'checkout errors', by: 'alice' });
    await waitFor(async () => (await phaseOf(record.id)) === 'RolledBack', { what: 'RolledBack', intervalMs: 5 });
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(switchesOf('manual').map((s) => s.data)).toEqual([expect.objectContaining({ toColor: 'blue', expectedColor: 'green', deploymentId: record.id })]);
    const stored = (await stores().deployments.get(record.id))!.value;
    expect(stored.history.at(-2)).toMatchObject({ phase: 'RollingBack', reason: 'RollbackRequested' });
    await waitFor(() => events.some((e) => e.deployment.id === record.id && e.deployment.phase === 'RolledBack'), { what: 'the RolledBack event' });
  });

  it('refuses once the previous color was scaled down, and says so', async () => {
    const record = await seed('cold', { phase: 'Succeeded', previousScaledDown: true });
    await bus.publish('rollback', [], { service: 'cold', reason: 'checkout errors', by: 'alice' });
    await waitFor(() => notifications.some((n) => n.service === 'cold'), { what: 'the refusal' });
    const note = notifications.find((n) => n.service === 'cold')!;
    expect(note).toMatchObject({ level: 'warning', title: 'rollback of cold refused', deploymentId: record.id });
    expect(note.text).toContain('scaled down');
    await drained(streams.commands.name, 'rollback-cmd');
    expect(await phaseOf(record.id)).toBe('Succeeded');
    expect(switchesOf('cold')).toHaveLength(0);
  });
});
