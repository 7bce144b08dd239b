// Probe rounds of one environment over the last windowMs: the success rate and latency the
// windowed thresholds judge, next to the in-a-row counts of ProbeStreak.
export interface WindowFigures {
  samples: number;
  successRate: number;
  /** p95 of each round's slowest answer; null when no round measured a latency. */
  p95LatencyMs: number | null;
}

interface RoundOutcome {
  atMs: number;
  ok: boolean;
  latencyMs: number | null;
}

export class ProbeWindow {
  private rounds: RoundOutcome[] = [];

  constructor(private readonly windowMs: number) {}

  record(at: Date, ok: boolean, latencyMs: number | null): void {
    this.rounds.push({ atMs: at.getTime(), ok, latencyMs });
    this.prune(at);
  }

  clear(): void {
    this.rounds = [];
  }

  figures(now: Date): WindowFigures | null {
    this.prune(now);
    if (this.rounds.length === 0) return null;
    const passed = this.rounds.filter((r) => r.ok).length;
    const latencies = this.rounds.flatMap((r) => (r.latencyMs === null ? [] : [r.latencyMs])).sort((a, b) => a - b);
    // Nearest rank: the smallest latency at or above which 95% of the rounds lie.
    const p95 = latencies.length ? latencies[Math.ceil(0.95 * latencies.length) - 1]! : null;
    return { samples: this.rounds.length, successRate: passed / this.rounds.length, p95LatencyMs: p95 };
  }

  private prune(now: Date): void {
    const since = now.getTime() - this.windowMs;
    if (this.rounds.length && this.rounds[0]!.atMs <= since) this.rounds = this.rounds.filter((r) => r.atMs > since);
  }
}
