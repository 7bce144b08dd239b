// Notification delivery against a real nats-server and real HTTP receivers on loopback: the
// rollback service's module in-process, notifications published as the other services do.
import 'reflect-metadata';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import YAML from 'yaml';
import { type DeadLetter, type DeploymentRecord, type Notification, type Phase } from '@cutover/contracts';
import { DEFAULT_POLICY } from '@cutover/core';
import { parseConfig } from '@cutover/config';
import { systemClock } from '@cutover/core';
import { Bus, CutoverTransport, MessagingModule } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { freePort, startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { RollbackModule } from '../rollback.module';
import { rolledBack } from './messages';

const deploymentRecord = (id: string): DeploymentRecord => ({
  id,
  service: 'shop',
  version: '3.0.0',
  env: {},
  fromColor: 'blue',
  fromVersion: '2.0.0',
  toColor: 'green',
  phase: 'Requested',
  reason: 'ReleaseAccepted',
  message: '',
  history: [],
  policy: DEFAULT_POLICY,
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  phaseStartedAt: '2026-11-28T10:00:00.000Z',
  verifyPasses: 0,
});

interface Received {
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** A receiver that answers `failures` times with 503, then 200, and keeps what it took. */
async function receiver(failures = 0): Promise<{ url: string; taken: Received[]; tries: () => number; close(): Promise<void> }> {
  const taken: Received[] = [];
  let tries = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      tries++;
      if (tries <= failures) {
        res.writeHead(503).end('busy');
        return;
      }
      taken.push({ body: JSON.parse(text) as Record<string, unknown>, headers: req.headers });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, taken, tries: () => tries, close: () => new Promise((r) => server.close(() => r())) };
}

let nats: NatsServerHandle;
let serviceBus: Bus;
let bus: Bus;
let app: INestMicroservice;
let flaky: Awaited<ReturnType<typeof receiver>>;
let slack: Awaited<ReturnType<typeof receiver>>;
let teams: Awaited<ReturnType<typeof receiver>>;
let events: Awaited<ReturnType<typeof receiver>>;
let failuresOnly: Awaited<ReturnType<typeof receiver>>;
const deadLetters: DeadLetter[] = [];

const notification = (over: Partial<Notification> = {}): Notification => ({
  service: 'shop',
  deploymentId: 'shop-0000000001abcdef',
  level: 'critical',
  title: 'shop 2.0.0 rolled back',
  text: 'error rate 40% over 1 s. Traffic is back on blue (1.0.0).',
  ...over,
});

beforeAll(async () => {
  nats = await startNatsServer();
  [flaky, slack, teams, events, failuresOnly] = await Promise.all([receiver(2), receiver(), receiver(), receiver(), receiver()]);
  const nobody = `http://127.0.0.1:${await freePort()}/hook`;
  const config = parseConfig(
    YAML.stringify({
      version: 1,
      services: { shop: { command: 'node shop.js', router: { port: 8080 } }, cart: { command: 'node cart.js', router: { port: 8081 } } },
      notifications: {
        receivers: [
          { name: 'flaky', kind: 'webhook', url: flaky.url, headers: { Authorization: 'Bearer t0k3n' } },
          { name: 'ops', kind: 'slack', url: slack.url, levels: ['warning', 'critical'] },
          { name: 'shop-team', kind: 'teams', url: teams.url, services: ['shop'] },
          { name: 'down', kind: 'webhook', url: nobody, levels: ['critical'], services: ['shop'] },
          { name: 'events', kind: 'webhook', url: events.url, events: ['started', 'awaiting-approval', 'switched', 'succeeded', 'failed', 'aborted', 'rolled-back'], services: ['shop'] },
          { name: 'failures', kind: 'webhook', url: failuresOnly.url, events: ['failed'], levels: ['critical'], services: ['shop'] },
        ],
        retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200, timeoutMs: 1000 },
      },
    }),
    '/tmp/cutover-notifier-test.yaml',
  );
  serviceBus = await Bus.connect({ url: nats.url, name: 'rollback' });
  await serviceBus.ensureTopology();
  bus = await Bus.connect({ url: nats.url, name: 'test' });
  await bus.follow('deadLetter', async (env) => void deadLetters.push(env.data), { deliver: 'new' });
  const ctx = { bus: serviceBus, log: createLogger('rollback', { level: 'error' }), clock: systemClock, config };
  @Module({ imports: [MessagingModule.forRoot(serviceBus), RollbackModule.register(ctx)] })
  class TestRoot {}
  app = await NestFactory.createMicroservice(TestRoot, { strategy: new CutoverTransport({ bus: serviceBus, durablePrefix: 'rollback' }), logger: ['error'] });
  await app.listen();
});

afterAll(async () => {
  await app?.close();
  await serviceBus?.close();
  await bus?.close();
  await nats?.stop();
  await Promise.all([flaky, slack, teams, events, failuresOnly].map((r) => r?.close()));
});

describe('notification delivery', () => {
  it('reaches a receiver that is down then up (retried), and formats for webhook, Slack and Teams', async () => {
    await bus.publish('notification', ['shop'], notification(), { id: 'n-critical-1' });
    await waitFor(() => flaky.taken.length === 1 && slack.taken.length === 1 && teams.taken.length === 1, { timeoutMs: 10_000, what: 'all three receivers' });
    expect(flaky.tries()).toBe(3);
    expect(flaky.taken[0]!.headers).toMatchObject({ authorization: 'Bearer t0k3n', 'x-cutover-notification-id': 'n-critical-1', 'content-type': 'application/json' });
    expect(flaky.taken[0]!.body).toMatchObject({ id: 'n-critical-1', ...notification() });
    expect(slack.taken[0]!.body).toMatchObject({ text: `*[critical] shop 2.0.0 rolled back*\n${notification().text}`, attachments: [expect.objectContaining({ color: '#c62828' })] });
    expect(teams.taken[0]!.body).toMatchObject({ '@type': 'MessageCard', summary: 'shop 2.0.0 rolled back', text: notification().text });
  });

  it('leaves a dead-letter record naming the receiver and the reason when one stays down, without its secret path', async () => {
    await waitFor(() => deadLetters.some((d) => d.consumer === 'notify-down'), { timeoutMs: 10_000, what: 'a dead letter for the receiver that is down' });
    const dead = deadLetters.find((d) => d.consumer === 'notify-down')!;
    expect(dead).toMatchObject({ subject: 'cutover.evt.notification.shop', code: 'notification_undelivered' });
    expect(dead.reason).toMatch(/^webhook receiver "down" at http:\/\/127\.0\.0\.1:\d+ did not take the notification after 3 tries: connection refused$/);
    expect(JSON.parse(dead.raw)).toMatchObject({ id: 'n-critical-1', data: notification() });
  });

  it('sends each receiver only the levels and services it asked for', async () => {
    const before = { flaky: flaky.taken.length, slack: slack.taken.length, teams: teams.taken.length };
    await bus.publish('notification', ['cart'], notification({ service: 'cart', deploymentId: undefined, level: 'info', title: 'cart approved' }), { id: 'n-info-cart' });
    await waitFor(() => flaky.taken.length === before.flaky + 1, { timeoutMs: 10_000, what: 'the webhook (all levels, all services)' });
    // Published after, handled after: once the marker reaches everyone, the info one would have too.
    await bus.publish('notification', ['shop'], notification({ level: 'warning', title: 'marker' }), { id: 'n-marker' });
    await waitFor(() => slack.taken.length === before.slack + 1 && teams.taken.length === before.teams + 1, { timeoutMs: 10_000, what: 'the marker' });
    expect(slack.taken.at(-1)!.body).toMatchObject({ text: expect.stringContaining('marker') });
    expect(teams.taken.at(-1)!.body).toMatchObject({ title: '[warning] marker' });
    expect(deadLetters.filter((d) => d.consumer === 'notify-down')).toHaveLength(1);
  });

  it('announces each deployment event (started, awaiting approval, switched, succeeded, failed, aborted, rolled back) to the receivers that want it', async () => {
    const phases: [Phase, string][] = [
      ['Requested', 'ReleaseAccepted'],
      ['Preparing', 'EnvironmentStarting'],
      ['Verifying', 'EnvironmentReady'],
      ['AwaitingApproval', 'ApprovalRequired'],
      ['Switching', 'Approved'],
      ['Monitoring', 'SwitchConfirmed'],
      ['Succeeded', 'MonitoringPassed'],
    ];
    const publishRun = async (id: string, run: [Phase, string][]) => {
      for (let n = 1; n <= run.length; n++) {
        const history = run.slice(0, n).map(([phase, reason], i) => ({ phase, reason, at: new Date(Date.UTC(2026, 10, 28, 10, 0, i)).toISOString() }));
        const [phase, reason] = run[n - 1]!;
        const record = { ...deploymentRecord(id), phase, reason, message: `${phase} message`, history, environment: 'production' };
        await bus.publish('deploymentEvent', ['shop'], { deployment: record, previousPhase: run[n - 2]?.[0] ?? null }, { id: `${id}.${n}`, deploymentId: id });
      }
    };
    await publishRun('shop-0000000002abcdef', phases);
    await publishRun('shop-0000000003abcdef', [...phases.slice(0, 3), ['Failed', 'VerificationFailed']]);
    await publishRun('shop-0000000004abcdef', [...phases.slice(0, 4), ['Aborted', 'AbortedByUser']]);
    // A rollback is announced by the rollback itself, as Rollbacks publishes it.
    const rolled = { ...deploymentRecord('shop-0000000005abcdef'), phase: 'RolledBack' as const, environment: 'production', rolledBackAt: new Date().toISOString() };
    await bus.publish('notification', ['shop'], rolledBack(rolled, 'error rate 40%'), { id: 'n-rolled-back' });

    const kinds = ['started', 'awaiting-approval', 'switched', 'succeeded', 'failed', 'aborted', 'rolled-back'];
    await waitFor(() => kinds.every((k) => events.taken.some((t) => t.body.event === k)), { timeoutMs: 15_000, what: 'every event kind at the receiver' });
    const titles = events.taken.map((t) => `${t.body.event as string}: ${t.body.title as string}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        'started: shop 3.0.0 deployment started in production',
        'awaiting-approval: shop 3.0.0 waits for approval in production',
        'switched: shop 3.0.0 is live on green in production',
        'succeeded: shop 3.0.0 succeeded in production',
        'failed: shop 3.0.0 failed in production',
        'aborted: shop 3.0.0 aborted in production',
        'rolled-back: shop 3.0.0 rolled back in production',
      ]),
    );
    // Each step announced once, though every phase change is an event.
    expect(events.taken.filter((t) => t.body.event === 'started')).toHaveLength(3);
    // A receiver of failures only: of the deployment events it hears just that one (notifications that are no event go by level).
    expect(failuresOnly.taken.filter((t) => t.body.event !== undefined).map((t) => t.body.event)).toEqual(['failed']);
  });
});
