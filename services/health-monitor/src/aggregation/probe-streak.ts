// The outcome of probe rounds in a row for one environment: what hysteresis counts on.
import type { ProbeResult } from '@cutover/contracts';

/** One probe per endpoint; a round passes only when every endpoint answered as expected. */
export type ProbeRound = readonly [ProbeResult, ...ProbeResult[]];

export const RECENT_FAILURES_KEPT = 20;

export class ProbeStreak {
  consecutiveSuccesses = 0;
  consecutiveFailures = 0;
  /** Failed rounds in a row in which not a single endpoint answered as expected. */
  allFailedRounds = 0;
  /** Time of the first failure of the current failure run; null while probes pass. */
  firstFailureAt: string | null = null;
  lastProbe: ProbeResult | null = null;
  /** The probe that failed the latest failed round. */
  lastFailure: ProbeResult | null = null;
  /** Newest last. */
  recentFailures: ProbeResult[] = [];

  record(round: ProbeRound): void {
    const failed = round.filter((r) => !r.ok);
    // A failed round is best explained by its failure, a passed one by its latest answer.
    this.lastProbe = failed[0] ?? round[round.length - 1]!;
    if (failed.length === 0) {
      this.consecutiveSuccesses++;
      this.consecutiveFailures = 0;
      this.allFailedRounds = 0;
      this.firstFailureAt = null;
      return;
    }
    this.consecutiveSuccesses = 0;
    this.consecutiveFailures++;
    this.allFailedRounds = failed.length === round.length ? this.allFailedRounds + 1 : 0;
    this.firstFailureAt ??= failed[0]!.at;
    this.lastFailure = failed[0]!;
    this.recentFailures = [...this.recentFailures, ...failed].slice(-RECENT_FAILURES_KEPT);
  }
}
