// The dashboard's HTTP side in-process against a real nats-server: the page and its files,
// the starting state from KV, the live stream fed from NATS, diagnostics, and a shutdown
// that ends open streams instead of waiting for them.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseConfig } from '@cutover/config';
import { systemClock } from '@cutover/core';
import { Bus } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { DashboardModule } from './dashboard.module';
import { at, deployment, routing, snapshot } from './testing/fixtures';
import type { DashboardView } from './view-model';

const CONFIG = `
version: 1
services:
  demo:
    command: node app.js
    router: { port: 18081 }
  quiet:
    command: node app.js
    router: { port: 18082 }
`;

/** Reads an SSE response in the background; `text` grows as data arrives. */
class StreamReader {
  text = '';
  ended = false;
  private readonly controller = new AbortController();

  async open(url: string): Promise<Response> {
    const res = await fetch(url, { signal: this.controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.text += decoder.decode(value, { stream: true });
        }
      } catch {
        // Aborted by the test.
      }
      this.ended = true;
    })();
    return res;
  }

  events(): { kind: string }[] {
    return this.text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as { kind: string });
  }

  abort(): void {
    this.controller.abort();
  }
}

describe('dashboard HTTP', () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let app: INestApplication;
  let base: string;

  const start = async () => {
    const config = parseConfig(CONFIG, '/tmp/cutover-dashboard-test.yaml');
    const log = createLogger('health-monitor', { level: 'error' });
    app = await NestFactory.create(DashboardModule.register({ name: 'health-monitor', config, bus, log, clock: systemClock }), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await Bus.connect({ url: nats.url, name: 'dashboard-test', log: createLogger('test', { level: 'error' }) });
    await bus.ensureTopology();
    const stores = bus.stores('routing', 'services', 'deployments', 'diagnostics', 'health');
    const rolledBack = deployment('demo-bbbbbb', ['Requested', 'Monitoring', 'RollingBack', 'RolledBack'], { version: '3.0.0' });
    const succeeded = deployment('demo-aaaaaa', ['Requested', 'Succeeded']);
    await stores.deployments.put(rolledBack.id, rolledBack);
    await stores.deployments.put(succeeded.id, succeeded);
    await stores.services.put('demo', { service: 'demo', activeDeploymentId: null, recentDeploymentIds: [rolledBack.id, succeeded.id] });
    await stores.routing.put('demo', routing({ liveColor: 'green', liveVersion: '2.0.0' }));
    await stores.health.put('demo.green', snapshot());
    await stores.diagnostics.put(rolledBack.id, {
      deploymentId: rolledBack.id,
      service: 'demo',
      createdAt: at(9),
      reason: 'green degraded while live',
      deployment: rolledBack,
      routing: null,
      timeline: [],
      transitions: [],
      lastSnapshot: null,
      runtime: null,
    });
    await start();
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await nats?.stop();
  });

  it('serves the page with its own files only, and refuses other names', async () => {
    for (const path of ['/', '/dashboard']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('/dashboard/assets/dashboard.js');
    }
    const css = await fetch(`${base}/dashboard/assets/dashboard.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const view = await fetch(`${base}/dashboard/assets/view-model.js`);
    expect(view.status).toBe(200);
    expect(await view.text()).toMatch(/^window\.CutoverView = [\s\S]*exports\.applyEvent = applyEvent/);
    expect((await fetch(`${base}/dashboard/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/dashboard/assets/dashboard.ts`)).status).toBe(404);
  });

  it('starts from KV: every configured service, live color, current deployment, rolled-back links', async () => {
    const view = (await (await fetch(`${base}/dashboard/api/state`)).json()) as DashboardView;
    expect(Object.keys(view.services)).toEqual(['demo', 'quiet']);
    const demo = view.services.demo!;
    expect(demo).toMatchObject({ liveColor: 'green', liveVersion: '2.0.0', deployment: { id: 'demo-bbbbbb', phase: 'RolledBack' } });
    expect(demo.rolledBack.map((r) => r.deploymentId)).toEqual(['demo-bbbbbb']);
    expect(demo.colors.green).toMatchObject({ health: 'healthy', points: [{ latencyMs: 4 }] });
    expect(view.services.quiet).toMatchObject({ liveColor: null, deployment: null });
  });

  it('serves diagnostics bundles as JSON: 404 when none, 400 for a malformed id', async () => {
    const ok = await fetch(`${base}/dashboard/api/diagnostics/demo-bbbbbb`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { deploymentId: string }).deploymentId).toBe('demo-bbbbbb');
    const missing = await fetch(`${base}/dashboard/api/diagnostics/demo-aaaaaa`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('unknown_diagnostics');
    expect((await fetch(`${base}/dashboard/api/diagnostics/NOT_AN_ID`)).status).toBe(400);
  });

  it('streams deployment events, snapshots, transitions, switches and notifications as they are published', async () => {
    const stream = new StreamReader();
    const res = await stream.open(`${base}/dashboard/api/events`);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await waitFor(() => stream.text.includes('retry:'), { timeoutMs: 5000, what: 'stream open' });

    const next = deployment('demo-cccccc', ['Requested', 'Preparing'], { version: '4.0.0' }, 20);
    await bus.publish('deploymentEvent', ['demo'], { deployment: next, previousPhase: 'Requested' });
    await bus.publish('healthSnapshot', ['demo', 'green'], snapshot({ at: at(21) }));
    await bus.publish('healthTransition', ['demo', 'green'], { service: 'demo', color: 'green', version: '2.0.0', from: 'healthy', to: 'degraded', at: at(22), reason: 'r', snapshot: snapshot() });
    await bus.publish('switchResult', ['demo'], { commandId: 'c1', service: 'demo', ok: true, fromColor: 'green', toColor: 'blue', durationMs: 5 });
    await bus.publish('notification', ['demo'], { service: 'demo', level: 'info', title: 'hello', text: 'there' });
    const kinds = () => stream.events().map((e) => e.kind);
    await waitFor(() => kinds().length >= 5, { timeoutMs: 10_000, what: `5 events (got ${kinds().join(', ')})` });
    expect(kinds().sort()).toEqual(['deployment', 'notification', 'snapshot', 'switch', 'transition']);
    const sent = stream.events().find((e) => e.kind === 'deployment') as unknown as { deployment: Record<string, unknown> };
    expect(sent.deployment).toMatchObject({ id: 'demo-cccccc', phase: 'Preparing' });
    expect(sent.deployment).not.toHaveProperty('env');
    stream.abort();
  });

  it('ends open streams when the service shuts down instead of waiting for them', async () => {
    const streams = [new StreamReader(), new StreamReader()];
    await Promise.all(streams.map((s) => s.open(`${base}/dashboard/api/events`)));
    await waitFor(() => streams.every((s) => s.text.includes('retry:')), { timeoutMs: 5000, what: 'streams open' });
    const t0 = Date.now();
    await app.close();
    expect(Date.now() - t0).toBeLessThan(5000);
    await waitFor(() => streams.every((s) => s.ended), { timeoutMs: 5000, what: 'streams ended by the server' });
    await start();
  });
});
