// The switcher against a real nats-server and two real upstream servers registered
// through the environments bucket, as the runtime-agent would register them.
import 'reflect-metadata';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  EnvironmentStateSchema,
  RoutingStateSchema,
  buckets,
  decode,
  environmentKey,
  otherColor,
  subjects,
  type Color,
  type DeadLetter,
  type Envelope,
  type EnvironmentState,
  type PayloadOf,
  type SwitchCommand,
  type SwitchResult,
  type TrafficSample,
} from '@cutover/contracts';
import { NOTIFICATION_DEFAULTS, type CutoverConfig } from '@cutover/config';
import { DEFAULT_POLICY, systemClock } from '@cutover/core';
import type { Bus, Stoppable } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import type { LocalRouter } from '@cutover/router';
import { startLoad } from '@cutover/loadgen';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { ROUTER } from './switcher.constants';
import { SwitcherModule } from './switcher.module';

const config = (): CutoverConfig => ({
  configPath: '/dev/null',
  environment: null,
  nats: { url: null },
  runtime: { kind: 'local' },
  ports: { orchestrator: 0, healthMonitor: 0, switcher: 0, rollback: 0, runtimeAgent: 0 },
  notifications: { receivers: [], retry: NOTIFICATION_DEFAULTS.retry },
  api: { tokens: [] },
  services: {
    shop: {
      name: 'shop',
      command: ['node', 'shop.js'],
      cwd: '/',
      instances: 1,
      env: {},
      readinessPath: '/healthz',
      stopGracePeriodMs: 1000,
      router: { host: '127.0.0.1', port: 0 },
      image: null,
      kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: {}, podLabelsFromEnv: {} },
      policy: DEFAULT_POLICY,
    },
  },
});

async function colorServer(color: Color): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ color, version: color === 'blue' ? '1.0.0' : '1.1.0' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const get = (port: number) =>
  new Promise<{ status: number; color: string | undefined }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, color: res.headers['x-cutover-color'] as string | undefined }));
    })
      .on('error', reject)
      .end();
  });

describe('switcher', () => {
  let messaging: MessagingFixture;
  let bus: Bus;
  let client: Bus;
  let app: INestApplicationContext;
  let router: LocalRouter;
  let proxyPort: number;
  const servers: Server[] = [];
  const results: Envelope<SwitchResult>[] = [];
  const samples: TrafficSample[] = [];
  const letters: DeadLetter[] = [];
  const watches: Stoppable[] = [];
  // Events are read with a plain subscription: they are published on core NATS subjects
  // too, and this way the test does not depend on consumer features of the server.
  const listen = <K extends 'switchResult' | 'deadLetter'>(key: K, subject: string, onMessage: (env: Envelope<PayloadOf<K>>) => void) => {
    const sub = client.connection.subscribe(subject, { callback: (_err, msg) => onMessage(decode(key, msg.data)) });
    watches.push({ stop: async () => sub.unsubscribe() });
  };

  const routing = () => client.kv(buckets.routing, RoutingStateSchema);
  const environments = () => client.kv(buckets.environments, EnvironmentStateSchema);
  const environment = (color: Color, port: number, status: EnvironmentState['status'] = 'ready'): EnvironmentState => ({
    service: 'shop',
    color,
    version: color === 'blue' ? '1.0.0' : '1.1.0',
    specHash: color,
    status,
    reason: status,
    message: '',
    endpoints: status === 'ready' ? [{ host: '127.0.0.1', port }] : [],
    exits: [],
    updatedAt: new Date().toISOString(),
  });
  const switchTo = async (toColor: Color, expectedColor: Color | null, opts: { id?: string; deploymentId?: string } = {}) => {
    const cmd: SwitchCommand = { service: 'shop', toColor, expectedColor, reason: 'test', ...(opts.deploymentId ? { deploymentId: opts.deploymentId } : {}) };
    const env = await client.publish('switch', [], cmd, { id: opts.id, deploymentId: opts.deploymentId });
    return env.id;
  };
  const resultOf = async (commandId: string) => {
    await waitFor(() => results.some((r) => r.data.commandId === commandId), { what: `the result of ${commandId}` });
    return results.find((r) => r.data.commandId === commandId)!;
  };
  const ports: Partial<Record<Color, number>> = {};

  beforeAll(async () => {
    messaging = await startMessaging();
    client = await messaging.connect('orchestrator');
    bus = await messaging.connect('switcher');
    for (const color of ['blue', 'green'] as const) {
      const server = await colorServer(color);
      servers.push(server);
      ports[color] = (server.address() as AddressInfo).port;
      await environments().put(environmentKey('shop', color), environment(color, ports[color]!));
    }
    await routing().put('shop', {
      service: 'shop',
      liveColor: 'blue',
      liveVersion: '1.0.0',
      updatedAt: new Date().toISOString(),
      history: [],
    });
    listen('switchResult', subjects.switchResultsAll(), (env) => results.push(env));
    listen('deadLetter', subjects.deadLetter('switcher'), (env) => letters.push(env.data));
    watches.push(await client.subscribe('traffic', undefined, async (env) => void samples.push(env.data)));

    const ctx = { name: 'switcher', config: config(), bus, log: createLogger('switcher', { sink: () => undefined }), clock: systemClock };
    @Module({ imports: [SwitcherModule.forRoot(ctx, { trafficIntervalMs: 50 })] })
    class TestRoot {}
    app = await NestFactory.createApplicationContext(TestRoot, { logger: false });
    router = app.get<LocalRouter>(ROUTER);
    proxyPort = router.address('shop').port;
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(watches.map((w) => w.stop()));
    await messaging?.stop();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('restores the live color from the routing record and serves it at once', async () => {
    expect(await router.liveColor('shop')).toBe('blue');
    expect(await get(proxyPort)).toEqual({ status: 200, color: 'blue' });
  });

  it('switches on command, records it, answers, and sends new requests to the new color', async () => {
    const id = await switchTo('green', 'blue', { deploymentId: 'shop-aaaaaa1' });
    const result = await resultOf(id);
    expect(result.data).toMatchObject({ ok: true, service: 'shop', fromColor: 'blue', toColor: 'green', deploymentId: 'shop-aaaaaa1' });
    expect(result.correlationId).toBe(id);
    expect(result.deploymentId).toBe('shop-aaaaaa1');

    const record = (await routing().get('shop'))!.value;
    expect(record).toMatchObject({ liveColor: 'green', liveVersion: '1.1.0' });
    expect(record.history.at(-1)).toMatchObject({ fromColor: 'blue', toColor: 'green', version: '1.1.0', deploymentId: 'shop-aaaaaa1', reason: 'test' });
    expect(await get(proxyPort)).toEqual({ status: 200, color: 'green' });
  });

  it('refuses a stale expected color and leaves the routing alone', async () => {
    const before = (await routing().get('shop'))!;
    const result = await resultOf(await switchTo('blue', 'blue'));
    expect(result.data).toMatchObject({ ok: false, code: 'stale_expected_color', fromColor: 'green', toColor: 'blue' });
    expect((await routing().get('shop'))!.revision).toBe(before.revision);
    expect(await get(proxyPort)).toMatchObject({ color: 'green' });
  });

  it('refuses a target environment that is not ready', async () => {
    await environments().put(environmentKey('shop', 'blue'), environment('blue', ports.blue!, 'starting'));
    const result = await resultOf(await switchTo('blue', 'green'));
    expect(result.data).toMatchObject({ ok: false, code: 'environment_not_ready' });
    expect(await get(proxyPort)).toMatchObject({ color: 'green' });
    await environments().put(environmentKey('shop', 'blue'), environment('blue', ports.blue!));
  });

  it('switches once for a command published twice with the same id', async () => {
    const historyBefore = (await routing().get('shop'))!.value.history.length;
    const id = `dup-${Date.now()}`;
    await switchTo('blue', 'green', { id });
    await switchTo('blue', 'green', { id });
    // Commands are handled in order: once the next one is answered, a duplicate would have been too.
    await resultOf(await switchTo('blue', 'green'));

    expect(results.filter((r) => r.data.commandId === id)).toHaveLength(1);
    expect((await resultOf(id)).data).toMatchObject({ ok: true, fromColor: 'green', toColor: 'blue' });
    expect((await routing().get('shop'))!.value.history).toHaveLength(historyBefore + 1);
    expect(await get(proxyPort)).toMatchObject({ color: 'blue' });
  });

  it('answers a repeated switch of the same deployment with success, without switching again', async () => {
    const first = await resultOf(await switchTo('green', 'blue', { deploymentId: 'shop-bbbbbb2' }));
    expect(first.data).toMatchObject({ ok: true, fromColor: 'blue' });
    const before = (await routing().get('shop'))!;

    const again = await resultOf(await switchTo('green', 'blue', { deploymentId: 'shop-bbbbbb2' }));
    expect(again.data).toMatchObject({ ok: true, fromColor: 'blue', toColor: 'green' });
    expect((await routing().get('shop'))!.revision).toBe(before.revision);
    await resultOf(await switchTo('blue', 'green'));
  });

  it('answers a repeat of a failed switch of a deployment with the failure, without switching', async () => {
    const live = (await routing().get('shop'))!.value.liveColor!;
    const idle: Color = live === 'blue' ? 'green' : 'blue';
    await environments().put(environmentKey('shop', idle), environment(idle, ports[idle]!, 'starting'));
    const first = await resultOf(await switchTo(idle, live, { deploymentId: 'shop-cccccc3' }));
    expect(first.data).toMatchObject({ ok: false, code: 'environment_not_ready' });
    // Ready now, but the deployment failed with the first answer: its queued repeat must not move traffic.
    await environments().put(environmentKey('shop', idle), environment(idle, ports[idle]!));
    const before = (await routing().get('shop'))!;
    const repeat = await resultOf(await switchTo(idle, live, { deploymentId: 'shop-cccccc3' }));
    expect(repeat.data).toMatchObject({ ok: false, code: 'environment_not_ready' });
    expect(repeat.data.error).toMatch(/not tried again/);
    expect((await routing().get('shop'))!.revision).toBe(before.revision);
    expect(await get(proxyPort)).toMatchObject({ color: live });
    // Another deployment asking the same is carried out.
    expect((await resultOf(await switchTo(idle, live, { deploymentId: 'shop-dddddd4' }))).data).toMatchObject({ ok: true });
    await resultOf(await switchTo(live, idle));
  });

  it('dead-letters a switch message it cannot read, and keeps consuming', async () => {
    const raw = JSON.stringify({ type: 'cutover.switch', version: 1, data: { service: 'shop', toColor: 'purple' } });
    await client.connection.jetstream().publish(subjects.switch(), Buffer.from(raw));

    await waitFor(() => letters.some((l) => l.raw === raw), { what: 'a dead letter for the bad switch message' });
    expect(letters.find((l) => l.raw === raw)).toMatchObject({ subject: subjects.switch(), consumer: 'switcher', code: 'invalid_input' });
    expect((await resultOf(await switchTo('green', 'blue'))).data.ok).toBe(true);
  });

  it('publishes live traffic per color', async () => {
    samples.length = 0;
    for (let i = 0; i < 5; i++) await get(proxyPort);
    await waitFor(() => samples.reduce((n, s) => n + s.green.requests, 0) >= 5, { what: '5 green requests in traffic samples' });
    expect(samples.every((s) => s.service === 'shop')).toBe(true);
    expect(samples.at(-1)!.liveColor).toBe('green');
  });

  it('keeps the live color endpoints when its environment fails, and drops an idle color that stopped', async () => {
    const green = [{ host: '127.0.0.1', port: ports.green! }];
    await environments().put(environmentKey('shop', 'green'), { ...environment('green', ports.green!), status: 'failed' });
    await environments().put(environmentKey('shop', 'blue'), environment('blue', ports.blue!, 'stopped'));
    // Changes are applied in order: once blue's shows, green's was applied before it.
    await waitFor(() => router.backends('shop', 'blue').length === 0, { what: 'blue losing its endpoints' });
    expect(router.backends('shop', 'green')).toEqual(green);
    expect(await get(proxyPort)).toEqual({ status: 200, color: 'green' });

    await environments().put(environmentKey('shop', 'green'), environment('green', ports.green!));
    await environments().put(environmentKey('shop', 'blue'), environment('blue', ports.blue!));
    await waitFor(() => router.backends('shop', 'blue').length === 1, { what: 'blue ready again' });
  });

  it('loses no request while switching back and forth under load', async () => {
    const load = startLoad({ url: `http://127.0.0.1:${proxyPort}/`, ratePerSecond: 300, connections: 8 });
    let live = (await routing().get('shop'))!.value.liveColor!;
    for (let i = 0; i < 10; i++) {
      const answered = load.snapshot().ok;
      await waitFor(() => load.snapshot().ok >= answered + 20, { what: '20 more answers under load' });
      const to = otherColor(live);
      const result = await resultOf(await switchTo(to, live));
      expect(result.data.ok).toBe(true);
      live = to;
      expect((await get(proxyPort)).color).toBe(live);
    }
    const report = await load.stop();
    expect(report.failed).toBe(0);
    expect(report.ok).toBeGreaterThan(0);
    expect(report.byColor.blue).toBeGreaterThan(0);
    expect(report.byColor.green).toBeGreaterThan(0);
  });
});
