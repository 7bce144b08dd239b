// Logic that depends on time takes a Clock, so tests can move time by hand instead of sleeping.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | string = '2025-01-01T00:00:00.000Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  /** Move time forward and return the new now. */
  advance(ms: number): Date {
    if (ms < 0) throw new RangeError(`a ManualClock only moves forward (asked to move ${ms} ms)`);
    this.ms += ms;
    return this.now();
  }
}
