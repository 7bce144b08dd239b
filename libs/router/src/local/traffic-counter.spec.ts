import { LATENCY_BOUNDS_MS, TrafficCounter } from './traffic-counter';

describe('TrafficCounter', () => {
  it('counts requests, upstream 5xx and upstream failures per color', () => {
    const c = new TrafficCounter();
    c.record('blue', { kind: 'response', status: 200 }, 1);
    c.record('blue', { kind: 'response', status: 503 }, 1);
    c.record('blue', { kind: 'response', status: 499 }, 1);
    c.record('blue', { kind: 'upstream_failure', error: new Error('refused') }, 1);
    c.record('blue', { kind: 'client_aborted' }, 1);
    c.record('green', { kind: 'response', status: 500 }, 1);
    const t = c.take();
    expect(t.blue).toMatchObject({ requests: 5, errors5xx: 1, upstreamFailures: 1 });
    expect(t.green).toMatchObject({ requests: 1, errors5xx: 1, upstreamFailures: 0 });
  });

  it('keeps a cumulative latency histogram whose last bucket is every request', () => {
    const c = new TrafficCounter();
    for (const ms of [0.4, 5, 5.1, 99, 100, 100.5, 4_999, 5_000, 60_000]) c.record('green', { kind: 'response', status: 200 }, ms);
    const { boundsMs, counts } = c.take().green.latency;
    expect(boundsMs).toEqual([...LATENCY_BOUNDS_MS]);
    //              <=5 <=10 <=25 <=50 <=100 <=250 <=500 <=1000 <=2500 <=5000 +Inf
    expect(counts).toEqual([2, 3, 3, 3, 5, 6, 6, 6, 6, 8, 9]);
  });

  it('hands out deltas: a take starts the next sample from zero', () => {
    const c = new TrafficCounter();
    c.record('blue', { kind: 'response', status: 200 }, 3);
    expect(c.take().blue.requests).toBe(1);
    const next = c.take();
    expect(next.blue).toEqual({ requests: 0, errors5xx: 0, upstreamFailures: 0, latency: { boundsMs: [...LATENCY_BOUNDS_MS], counts: new Array(11).fill(0) } });
  });
});
