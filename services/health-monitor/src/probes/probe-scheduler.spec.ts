import { ProbeScheduler } from './probe-scheduler';

describe('ProbeScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const now = () => Date.now();

  it('spreads first rounds over the interval and runs each loop every interval from one timer', async () => {
    const starts: Record<string, number[]> = { a: [], b: [], c: [], d: [] };
    const scheduler = new ProbeScheduler({ maxConcurrent: 10, onError: () => undefined, now });
    const t0 = Date.now();
    for (const key of Object.keys(starts)) scheduler.loop(100, async () => void starts[key]!.push(Date.now() - t0)).start();
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(350);
    const firsts = Object.values(starts).map((s) => s[0]!);
    expect(new Set(firsts).size).toBe(4);
    expect(Math.max(...firsts)).toBeLessThan(100);
    for (const s of Object.values(starts)) expect(s.slice(1).map((t, i) => t - s[i]!)).toEqual([100, 100, 100].slice(0, s.length - 1));
    scheduler.close();
  });

  it('never overlaps rounds of one loop, and runs at most maxConcurrent rounds at once, the others waiting their turn', async () => {
    const lags: number[] = [];
    const scheduler = new ProbeScheduler({ maxConcurrent: 2, onError: () => undefined, now, onLag: (lag) => lags.push(lag) });
    let running = 0;
    let most = 0;
    const finishers: (() => void)[] = [];
    const round = () =>
      new Promise<void>((resolve) => {
        most = Math.max(most, ++running);
        finishers.push(() => {
          running--;
          resolve();
        });
      });
    for (let i = 0; i < 3; i++) scheduler.loop(50, round).start();
    await jest.advanceTimersByTimeAsync(200);
    expect(finishers).toHaveLength(2);
    finishers.shift()!();
    await jest.advanceTimersByTimeAsync(0);
    expect(finishers).toHaveLength(2);
    expect(most).toBe(2);
    // The third loop was due within the first 50 ms and started only at 200 ms: its lag shows.
    expect(lags[2]).toBeGreaterThan(140);
    scheduler.close();
  });

  it('keeps going after a failed round and drops a stopped loop for good', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const scheduler = new ProbeScheduler({ maxConcurrent: 4, onError: (err) => errors.push(err), now });
    const loop = scheduler.loop(50, async () => {
      rounds++;
      throw new Error('publish failed');
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(120);
    expect(rounds).toBe(3);
    expect(errors).toHaveLength(3);
    loop.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(rounds).toBe(3);
    expect(jest.getTimerCount()).toBe(0);
  });
});
