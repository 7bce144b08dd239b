// Dialled-in failures for demos and tests. The error share is spread evenly with an
// accumulator instead of Math.random, so a run is reproducible: 0.5 fails exactly every
// other request and 1 fails every one.

export interface FaultSettings {
  /** Share of requests answered with 500, 0..1, once faults are active. */
  rate: number;
  /** Faults start this long after startedAtMs; 0 means from the start. */
  afterMs: number;
  startedAtMs: number;
}

// Ten additions of 0.1 give 0.9999999999999999; without the slack that tenth request
// would wrongly pass.
const EPSILON = 1e-9;

export class FaultInjector {
  private accumulated = 0;

  constructor(private readonly settings: FaultSettings) {}

  /** Decides the fate of one request arriving at nowMs. */
  shouldFail(nowMs: number): boolean {
    const { rate, afterMs, startedAtMs } = this.settings;
    if (rate <= 0 || nowMs - startedAtMs < afterMs) return false;
    this.accumulated += rate;
    if (this.accumulated < 1 - EPSILON) return false;
    this.accumulated -= 1;
    return true;
  }
}
