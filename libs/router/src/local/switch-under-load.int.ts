// Switching back and forth under steady keep-alive load must not fail a single request,
// and every request that starts and ends between two switches must be served by the
// color that was live all along.
import { Agent } from 'node:http';
import type { Color } from '@cutover/contracts';
import { otherColor } from '@cutover/contracts';
import { createLogger } from '@cutover/observability';
import { LocalRouter } from './local-router';
import { echo, send, startTestUpstream, type TestUpstream, type UpstreamHandler } from './testing/test-upstream';

const SWITCHES = 60;
const CONCURRENCY = 16;
const REQUESTS_BETWEEN_SWITCHES = 30;

// A few milliseconds of work upstream keeps requests in flight across every switch.
const slowEcho =
  (name: string): UpstreamHandler =>
  (req, res, body) =>
    setTimeout(() => echo(name)(req, res, body), Math.floor(Math.random() * 4));

describe('LocalRouter under load', () => {
  let router: LocalRouter;
  let blue: TestUpstream;
  let green: TestUpstream;
  const clients = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const probe = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    [blue, green] = [await startTestUpstream('blue', slowEcho('blue')), await startTestUpstream('green', slowEcho('green'))];
    router = new LocalRouter({ logger: createLogger('router-test', { sink: () => undefined }) });
    router.addService('shop', { host: '127.0.0.1', port: 0 });
    await router.start();
    router.setBackends('shop', 'blue', [blue.endpoint]);
    router.setBackends('shop', 'green', [green.endpoint]);
  });

  afterAll(async () => {
    clients.destroy();
    probe.destroy();
    await router.close();
    await Promise.all([blue.close(), green.close()]);
  });

  it(`switches ${SWITCHES} times at well over 200 req/s with no failed request`, async () => {
    const port = router.address('shop').port;
    let live: Color = 'blue';
    await router.switchTo('shop', live);

    let epoch = 0;
    const epochColor: Color[] = [live];
    let completed = 0;
    let stopped = false;
    const failures: string[] = [];
    const misrouted: string[] = [];
    let progress: { target: number; resolve: () => void } | null = null;

    const worker = async (w: number) => {
      for (let i = 0; !stopped; i++) {
        const sentIn = epoch;
        const post = i % 3 === 0;
        try {
          const reply = await send(port, post ? { agent: clients, method: 'POST', body: `w${w}-${i}` } : { agent: clients });
          const servedBy = reply.status === 200 ? (JSON.parse(reply.body) as { upstream: string }).upstream : null;
          if (reply.status !== 200 || servedBy !== reply.color) failures.push(`${reply.status} ${reply.body}`);
          else if (sentIn === epoch && reply.color !== epochColor[sentIn]) misrouted.push(`${reply.color} in epoch ${sentIn}`);
        } catch (err) {
          failures.push(String(err));
        }
        completed++;
        if (progress && completed >= progress.target) progress.resolve();
      }
    };
    const afterMoreRequests = (n: number) =>
      new Promise<void>((resolve) => {
        progress = { target: completed + n, resolve };
      });

    const started = performance.now();
    const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
    for (let s = 0; s < SWITCHES; s++) {
      await afterMoreRequests(REQUESTS_BETWEEN_SWITCHES);
      live = otherColor(live);
      await router.switchTo('shop', live);
      epochColor.push(live);
      epoch++;
      const next = await send(port, { agent: probe });
      expect(next.color).toBe(live);
      expect(await router.liveColor('shop')).toBe(live);
    }
    await afterMoreRequests(REQUESTS_BETWEEN_SWITCHES);
    stopped = true;
    await Promise.all(workers);
    const seconds = (performance.now() - started) / 1000;

    expect(failures).toEqual([]);
    expect(misrouted).toEqual([]);
    expect(completed / seconds).toBeGreaterThan(200);
    expect(blue.requests).toBeGreaterThan(0);
    expect(green.requests).toBeGreaterThan(0);

    const sample = router.takeTrafficSample('shop');
    const counted = sample.blue.requests + sample.green.requests;
    expect(counted).toBe(completed + SWITCHES);
    expect(sample.blue.upstreamFailures + sample.green.upstreamFailures).toBe(0);
  });
});
