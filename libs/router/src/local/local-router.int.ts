// The local proxy against real upstream servers on loopback sockets.
import { Agent } from 'node:http';
import { LocalRouter } from './local-router';
import { Gate } from './testing/gate';
import { echo, send, startTestUpstream, type TestUpstream } from './testing/test-upstream';
import { createLogger } from '@cutover/observability';
import { freeEndpoint } from './testing/free-endpoint';

const quiet = createLogger('router-test', { sink: () => undefined });

describe('LocalRouter', () => {
  let router: LocalRouter;
  let port: number;
  const upstreams: TestUpstream[] = [];
  const agents: Agent[] = [];
  let now = 0;

  const upstream = async (name: string, handler?: Parameters<typeof startTestUpstream>[1]) => {
    const up = await startTestUpstream(name, handler);
    upstreams.push(up);
    return up;
  };
  const keepAliveAgent = () => {
    const a = new Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(a);
    return a;
  };

  beforeEach(async () => {
    now = 1_000;
    router = new LocalRouter({ logger: quiet, clock: { now: () => new Date(now) }, upstreamTimeoutMs: 2_000 });
    router.addService('shop', { host: '127.0.0.1', port: 0 });
    await router.start();
    port = router.address('shop').port;
  });

  afterEach(async () => {
    agents.splice(0).forEach((a) => a.destroy());
    await router.close();
    await Promise.all(upstreams.splice(0).map((u) => u.close()));
  });

  it('answers 503 with a JSON error while no color is live', async () => {
    const reply = await send(port);
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toEqual({ error: { code: 'no_live_color', message: expect.any(String) } });
    expect(await router.liveColor('shop')).toBeNull();
  });

  it('answers 503 and counts an upstream failure when the live color has no endpoints', async () => {
    await router.switchTo('shop', 'green');
    const reply = await send(port);
    expect(reply.status).toBe(503);
    expect(reply.color).toBe('green');
    expect(JSON.parse(reply.body).error.code).toBe('no_endpoints');
    expect(router.takeTrafficSample('shop').green).toMatchObject({ requests: 1, upstreamFailures: 1 });
  });

  it('routes to the live color, marks the answer with it, and goes round-robin over its endpoints', async () => {
    const [b1, b2, g1] = [await upstream('blue-1'), await upstream('blue-2'), await upstream('green-1')];
    router.setBackends('shop', 'blue', [b1.endpoint, b2.endpoint]);
    router.setBackends('shop', 'green', [g1.endpoint]);
    await router.switchTo('shop', 'blue');

    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const reply = await send(port, { path: '/orders?x=1' });
      expect(reply).toMatchObject({ status: 200, color: 'blue' });
      served.push(JSON.parse(reply.body).upstream);
    }
    expect(served).toEqual(['blue-1', 'blue-2', 'blue-1', 'blue-2']);
    expect(g1.requests).toBe(0);
    expect(await router.liveColor('shop')).toBe('blue');
  });

  it('relays method and body, and the upstream status', async () => {
    const b = await upstream('blue-1');
    router.setBackends('shop', 'blue', [b.endpoint]);
    await router.switchTo('shop', 'blue');
    const reply = await send(port, { method: 'POST', path: '/pay?status=201', body: '{"amount":3}' });
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.body)).toEqual({ upstream: 'blue-1', method: 'POST', body: '{"amount":3}' });
  });

  it('moves a keep-alive client connection to the new color on its next request', async () => {
    const [b, g] = [await upstream('blue-1'), await upstream('green-1')];
    router.setBackends('shop', 'blue', [b.endpoint]);
    router.setBackends('shop', 'green', [g.endpoint]);
    await router.switchTo('shop', 'blue');
    const client = keepAliveAgent();

    expect((await send(port, { agent: client })).color).toBe('blue');
    await router.switchTo('shop', 'green');
    const after = await send(port, { agent: client });
    expect(after).toMatchObject({ status: 200, color: 'green', reusedSocket: true });
    expect(JSON.parse(after.body).upstream).toBe('green-1');
  });

  it('lets requests in flight finish on the old color, then closes its idle upstream connections', async () => {
    const gate = new Gate('blue-1');
    const [b, g] = [await upstream('blue-1', gate.handler), await upstream('green-1')];
    router.setBackends('shop', 'blue', [b.endpoint]);
    router.setBackends('shop', 'green', [g.endpoint]);
    await router.switchTo('shop', 'blue');

    const inFlight = [send(port), send(port)];
    await gate.arrived(2);
    await router.switchTo('shop', 'green');
    expect((await send(port)).color).toBe('green');

    gate.releaseOne();
    const first = await inFlight[0]!;
    expect(first).toMatchObject({ status: 200, color: 'blue' });
    // One blue request is still running, so blue's connections stay; the idle one included.
    expect(b.openConnections()).toBe(2);

    gate.releaseOne();
    expect(await inFlight[1]!).toMatchObject({ status: 200, color: 'blue' });
    await b.drained();
    expect(b.openConnections()).toBe(0);
    expect(g.openConnections()).toBe(1);
  });

  it('answers 502 when the live color refuses connections, counts it, and never tries the other color', async () => {
    const g = await upstream('green-1');
    const closed = await freeEndpoint();
    router.setBackends('shop', 'blue', [closed]);
    router.setBackends('shop', 'green', [g.endpoint]);
    await router.switchTo('shop', 'blue');

    const get = await send(port);
    const post = await send(port, { method: 'POST', body: 'x' });
    for (const reply of [get, post]) {
      expect(reply.status).toBe(502);
      expect(JSON.parse(reply.body).error.code).toBe('upstream_unreachable');
    }
    expect(g.requests).toBe(0);
    const sample = router.takeTrafficSample('shop');
    expect(sample.blue).toMatchObject({ requests: 2, upstreamFailures: 2, errors5xx: 0 });
    expect(sample.green.requests).toBe(0);
  });

  describe('when the upstream resets a reused keep-alive connection', () => {
    // Serves the first request of every connection and drops the connection on the second.
    const resetsSecond = (name: string) => {
      const served = new WeakMap<object, number>();
      return (req: Parameters<ReturnType<typeof echo>>[0], res: Parameters<ReturnType<typeof echo>>[1], body: string) => {
        const n = (served.get(req.socket) ?? 0) + 1;
        served.set(req.socket, n);
        if (n === 2) req.socket.destroy();
        else echo(name)(req, res, body);
      };
    };

    it('sends a GET once more, on a fresh connection', async () => {
      const b = await upstream('blue-1', resetsSecond('blue-1'));
      router.setBackends('shop', 'blue', [b.endpoint]);
      await router.switchTo('shop', 'blue');
      expect((await send(port)).status).toBe(200);
      expect((await send(port)).status).toBe(200);
      expect(b.requests).toBe(3);
      expect(router.takeTrafficSample('shop').blue).toMatchObject({ requests: 2, upstreamFailures: 0 });
    });

    it('does not replay a POST: 502', async () => {
      const b = await upstream('blue-1', resetsSecond('blue-1'));
      router.setBackends('shop', 'blue', [b.endpoint]);
      await router.switchTo('shop', 'blue');
      expect((await send(port, { method: 'POST', body: 'a' })).status).toBe(200);
      expect((await send(port, { method: 'POST', body: 'b' })).status).toBe(502);
      expect(b.requests).toBe(2);
      expect(router.takeTrafficSample('shop').blue).toMatchObject({ requests: 2, upstreamFailures: 1 });
    });
  });

  it('answers 504 when the upstream stays silent too long', async () => {
    await router.close();
    router = new LocalRouter({ logger: quiet, upstreamTimeoutMs: 100 });
    router.addService('shop', { host: '127.0.0.1', port: 0 });
    await router.start();
    const b = await upstream('blue-1', () => undefined);
    router.setBackends('shop', 'blue', [b.endpoint]);
    await router.switchTo('shop', 'blue');
    const reply = await send(router.address('shop').port);
    expect(reply.status).toBe(504);
    expect(router.takeTrafficSample('shop').blue.upstreamFailures).toBe(1);
  });

  it('samples traffic per color as deltas, with 5xx and a cumulative latency histogram', async () => {
    const [b, g] = [await upstream('blue-1'), await upstream('green-1')];
    router.setBackends('shop', 'blue', [b.endpoint]);
    router.setBackends('shop', 'green', [g.endpoint]);
    await router.switchTo('shop', 'blue');
    await send(port);
    await send(port, { path: '/?status=500' });
    await send(port, { path: '/?status=404' });
    await router.switchTo('shop', 'green');
    await send(port);
    now += 250;

    const sample = router.takeTrafficSample('shop');
    expect(sample).toMatchObject({ service: 'shop', liveColor: 'green', intervalMs: 250 });
    expect(sample.blue).toMatchObject({ requests: 3, errors5xx: 1, upstreamFailures: 0 });
    expect(sample.green).toMatchObject({ requests: 1, errors5xx: 0 });
    const { boundsMs, counts } = sample.blue.latency;
    expect(boundsMs).toEqual([5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000]);
    expect(counts).toHaveLength(boundsMs.length + 1);
    expect(counts.at(-1)).toBe(3);
    expect([...counts].sort((x, y) => x - y)).toEqual(counts);

    now += 250;
    const next = router.takeTrafficSample('shop');
    expect(next.intervalMs).toBe(250);
    expect(next.blue.requests + next.green.requests).toBe(0);
  });

  it('stops listening on close()', async () => {
    await router.close();
    await expect(send(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
