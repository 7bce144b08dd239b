import { ProbeLoop } from './probe-loop';

describe('ProbeLoop', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts a round every interval and never overlaps a slow one', async () => {
    let running = 0;
    let overlapped = false;
    const finishers: (() => void)[] = [];
    const loop = new ProbeLoop(
      100,
      () =>
        new Promise<void>((resolve) => {
          overlapped ||= running > 0;
          running++;
          finishers.push(() => {
            running--;
            resolve();
          });
        }),
      () => undefined,
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(finishers).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(finishers).toHaveLength(1);
    finishers[0]!();
    await jest.advanceTimersByTimeAsync(0);
    expect(finishers).toHaveLength(2);
    finishers[1]!();
    await jest.advanceTimersByTimeAsync(99);
    expect(finishers).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(finishers).toHaveLength(3);
    expect(overlapped).toBe(false);
    loop.stop();
  });

  it('keeps going after a failed round and stops for good when told', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new ProbeLoop(
      50,
      async () => {
        rounds++;
        throw new Error('publish failed');
      },
      (err) => errors.push(err),
    );
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
