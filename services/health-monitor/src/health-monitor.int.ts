// The health monitor in-process (its Nest module, real HTTP) against a real nats-server and
// two tiny real HTTP apps: environments appear in the runtime's bucket, health comes out
// in KV, on core pub/sub and as JetStream transitions.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseConfig } from '@cutover/config';
import {
  buckets,
  EnvironmentStateSchema,
  HealthSnapshotSchema,
  subjects,
  type Color,
  type ColorTraffic,
  type EnvironmentState,
  type HealthSnapshot,
  type HealthTransition,
  type Notification,
} from '@cutover/contracts';
import { systemClock } from '@cutover/core';
import { Bus, type Stoppable, type TypedKv } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { HealthMonitorModule } from './health-monitor.module';

const CONFIG = `
version: 1
services:
  shop:
    command: node app.js
    router: { port: 18080 }
    policy:
      probe: { path: /health, intervalMs: 50, timeoutMs: 500, failureThreshold: 3, successThreshold: 2 }
      traffic: { maxErrorRate: 0.1, warnErrorRate: 0.05, minRequests: 10, windowMs: 5000 }
`;

/** An app whose health answer the test dials. */
class TinyApp {
  status = 200;
  readonly server = http.createServer((req, res) => {
    res.writeHead(req.url === '/health' ? this.status : 404).end();
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('health-monitor', () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let app: INestApplication;
  let environments: TypedKv<typeof EnvironmentStateSchema>;
  let health: TypedKv<typeof HealthSnapshotSchema>;
  const apps: Record<Color, TinyApp> = { blue: new TinyApp(), green: new TinyApp() };
  const ports = {} as Record<Color, number>;
  const transitions: HealthTransition[] = [];
  const published: HealthSnapshot[] = [];
  const notifications: Notification[] = [];
  const listeners: Stoppable[] = [];

  const entry = (color: Color, over: Partial<EnvironmentState> = {}): EnvironmentState => ({
    service: 'shop',
    color,
    version: '1.0.0',
    specHash: 'h1',
    status: 'ready',
    reason: 'Ready',
    message: '1 instance(s) of 1.0.0 ready',
    endpoints: [{ host: '127.0.0.1', port: ports[color] }],
    exits: [],
    updatedAt: new Date().toISOString(),
    ...over,
  });
  const stateInKv = async (color: Color) => (await health.get(`shop.${color}`))?.value.state;
  const nextTransition = async (color: Color, to: HealthTransition['to'], after: number) => {
    await waitFor(() => transitions.slice(after).some((t) => t.color === color && t.to === to), {
      timeoutMs: 15_000,
      what: `a ${color} transition to ${to}`,
    });
    return transitions.slice(after).find((t) => t.color === color && t.to === to)!;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await Bus.connect({ url: nats.url, name: 'health-monitor-test', log: createLogger('test', { level: 'error' }) });
    await bus.ensureTopology();
    environments = bus.kv(buckets.environments, EnvironmentStateSchema);
    health = bus.kv(buckets.health, HealthSnapshotSchema);
    ports.blue = await apps.blue.start();
    ports.green = await apps.green.start();
    listeners.push(
      await bus.follow('healthTransition', async (msg) => void transitions.push(msg.data), { deliver: 'new' }),
      await bus.follow('notification', async (msg) => void notifications.push(msg.data), { deliver: 'new' }),
      await bus.subscribe('healthSnapshot', subjects.healthSnapshotsAll(), async (msg) => void published.push(msg.data)),
    );

    const config = parseConfig(CONFIG, '/tmp/cutover-health-monitor-test.yaml');
    const log = createLogger('health-monitor', { level: 'error' });
    app = await NestFactory.create(HealthMonitorModule.register({ name: 'health-monitor', config, bus, log, clock: systemClock }), {
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(listeners.map((l) => l.stop()));
    await bus?.close();
    await Promise.all([apps.blue.stop(), apps.green.stop()]);
    await nats?.stop();
  });

  it('reports ready environments healthy in KV, on pub/sub and over HTTP', async () => {
    await environments.put('shop.blue', entry('blue'));
    await environments.put('shop.green', entry('green'));
    await waitFor(async () => (await stateInKv('blue')) === 'healthy' && (await stateInKv('green')) === 'healthy', {
      what: 'both colors healthy in KV',
    });
    expect(transitions.filter((t) => t.to === 'healthy').map((t) => t.color).sort()).toEqual(['blue', 'green']);
    expect(published.some((s) => s.color === 'green' && s.state === 'healthy' && s.version === '1.0.0')).toBe(true);

    const res = await fetch(`${await app.getUrl()}/api/health`);
    const body = (await res.json()) as HealthSnapshot[];
    expect(body.map((s) => [s.color, s.state, s.lastProbe?.target])).toEqual([
      ['blue', 'healthy', `http://127.0.0.1:${ports.blue}/health`],
      ['green', 'healthy', `http://127.0.0.1:${ports.green}/health`],
    ]);
  });

  it('publishes a degraded transition with the failing probe when an app answers 500, and recovers', async () => {
    const mark = transitions.length;
    apps.green.status = 500;
    const degraded = await nextTransition('green', 'degraded', mark);
    expect(degraded).toMatchObject({ service: 'shop', from: 'healthy', version: '1.0.0' });
    expect(degraded.reason).toBe(`3 consecutive probe failures: GET http://127.0.0.1:${ports.green}/health → 500`);
    expect(Date.parse(degraded.firstFailureAt!)).toBeLessThanOrEqual(Date.parse(degraded.at));
    expect(degraded.snapshot.recentFailures.length).toBeGreaterThanOrEqual(3);

    apps.green.status = 200;
    const recovered = await nextTransition('green', 'healthy', mark);
    expect(recovered).toMatchObject({ from: 'degraded', reason: '2 consecutive probe successes' });
    expect(transitions.slice(mark).some((t) => t.color === 'blue')).toBe(false);
  });

  it('degrades a color at once when its live traffic errors, with the figures', async () => {
    const mark = transitions.length;
    const traffic = (requests: number, errors5xx: number): ColorTraffic => ({
      requests,
      errors5xx,
      upstreamFailures: 0,
      latency: { boundsMs: [10, 100], counts: [requests, requests, requests] },
    });
    await bus.publish('traffic', ['shop'], { service: 'shop', liveColor: 'blue', intervalMs: 250, blue: traffic(40, 8), green: traffic(0, 0) });
    const degraded = await nextTransition('blue', 'degraded', mark);
    expect(degraded.reason).toMatch(/^ErrorRateAboveThreshold: 8 of 40 live requests failed in the last 5000 ms \(20\.0% > 10\.0%/);
    expect(degraded.snapshot.traffic).toMatchObject({ requests: 40, errorRate: 0.2 });
  });

  it('sends a warning notification over JetStream when live errors pass the warn level but not the limit, without a transition', async () => {
    const mark = transitions.length;
    const latency = { boundsMs: [10, 100], counts: [40, 40, 40] };
    const traffic = { requests: 40, errors5xx: 3, upstreamFailures: 0, latency };
    await bus.publish('traffic', ['shop'], { service: 'shop', liveColor: 'green', intervalMs: 250, blue: { ...traffic, errors5xx: 0 }, green: traffic });
    await waitFor(() => notifications.some((n) => n.title.startsWith('shop green')), { what: 'a warning for green' });
    expect(notifications.find((n) => n.title.startsWith('shop green'))).toMatchObject({
      service: 'shop',
      level: 'warning',
      title: 'shop green (1.0.0): traffic.warnErrorRate breached',
      text: expect.stringMatching(/^ErrorRateAboveThreshold: 3 of 40 live requests failed in the last 5000 ms \(7\.5% > 5\.0%/),
    });
    expect(transitions.slice(mark).filter((t) => t.color === 'green')).toEqual([]);
  });

  it('makes a color whose process exited unhealthy, and forgets a stopped one', async () => {
    const mark = transitions.length;
    const message = `instance 0 (pid 999, port ${ports.green}) exited with code 1 unexpectedly; no stderr output`;
    await environments.put('shop.green', entry('green', { status: 'failed', reason: 'ProcessExited', message }));
    const unhealthy = await nextTransition('green', 'unhealthy', mark);
    expect(unhealthy.reason).toBe(`ProcessExited: ${message}`);

    await environments.put('shop.green', entry('green', { status: 'stopped', reason: 'ScaledDown', endpoints: [] }));
    await waitFor(async () => (await health.get('shop.green')) === null, { what: 'the green snapshot deleted' });
    const body = (await (await fetch(`${await app.getUrl()}/api/health`)).json()) as HealthSnapshot[];
    expect(body.map((s) => s.color)).toEqual(['blue']);
  });

  it('starts over for a new version and ignores services it does not know', async () => {
    const mark = transitions.length;
    await environments.put('other.blue', { ...entry('blue'), service: 'other' });
    await environments.put('shop.blue', entry('blue', { version: '1.1.0' }));
    const reset = await nextTransition('blue', 'unknown', mark);
    expect(reset).toMatchObject({ version: '1.1.0', reason: 'version changed from 1.0.0 to 1.1.0: earlier results no longer count' });
    expect(reset.snapshot.traffic).toBeUndefined();
    await nextTransition('blue', 'healthy', mark);
    expect(await health.get('other.blue')).toBeNull();
  });
});
