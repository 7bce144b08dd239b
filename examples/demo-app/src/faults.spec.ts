import { FaultInjector } from './faults';

const run = (injector: FaultInjector, count: number, atMs = 0) =>
  Array.from({ length: count }, () => injector.shouldFail(atMs));

describe('FaultInjector', () => {
  it('never fails at rate 0', () => {
    expect(run(new FaultInjector({ rate: 0, afterMs: 0, startedAtMs: 0 }), 20)).not.toContain(true);
  });

  it('fails every request at rate 1', () => {
    expect(run(new FaultInjector({ rate: 1, afterMs: 0, startedAtMs: 0 }), 5)).toEqual([true, true, true, true, true]);
  });

  it('fails exactly every other request at rate 0.5', () => {
    expect(run(new FaultInjector({ rate: 0.5, afterMs: 0, startedAtMs: 0 }), 6)).toEqual([false, true, false, true, false, true]);
  });

  it('fails exactly one in ten at rate 0.1, despite floating point', () => {
    const outcomes = run(new FaultInjector({ rate: 0.1, afterMs: 0, startedAtMs: 0 }), 30);
    expect(outcomes.filter(Boolean)).toHaveLength(3);
    expect(outcomes[9]).toBe(true);
  });

  it('stays healthy until afterMs have passed since start', () => {
    const injector = new FaultInjector({ rate: 1, afterMs: 1000, startedAtMs: 5000 });
    expect(injector.shouldFail(5999)).toBe(false);
    expect(injector.shouldFail(6000)).toBe(true);
  });

  it('does not count healthy-period requests towards the rate', () => {
    const injector = new FaultInjector({ rate: 0.5, afterMs: 100, startedAtMs: 0 });
    run(injector, 3, 50);
    expect(run(injector, 2, 100)).toEqual([false, true]);
  });
});
