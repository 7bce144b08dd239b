import { ManualClock, systemClock } from './clock';

describe('clocks', () => {
  it('ManualClock starts where told and only moves when advanced', () => {
    const clock = new ManualClock('2025-03-01T10:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(clock.advance(1500).toISOString()).toBe('2025-03-01T10:00:01.500Z');
    expect(clock.now().toISOString()).toBe('2025-03-01T10:00:01.500Z');
  });

  it('ManualClock refuses to go back in time', () => {
    expect(() => new ManualClock().advance(-1)).toThrow(RangeError);
  });

  it('now() returns a fresh Date each time, so callers cannot move the clock by mutating it', () => {
    const clock = new ManualClock();
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2025);
  });

  it('systemClock follows the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
