// The Prometheus checks of one environment: the latest result of each and how many times in
// a row each has failed. A result without a value is no data: it changes no count.
import type { ProbeResult } from '@cutover/contracts';

interface CheckState {
  last: ProbeResult;
  consecutiveFailures: number;
}

export class MetricChecks {
  private readonly checks = new Map<string, CheckState>();

  /** @param names the checks the policy configures; until each has a value, health is not proven. */
  constructor(private readonly names: readonly string[]) {}

  record(results: readonly ProbeResult[]): void {
    for (const r of results) {
      const before = this.checks.get(r.target)?.consecutiveFailures ?? 0;
      const counted = r.value === undefined ? before : r.ok ? 0 : before + 1;
      this.checks.set(r.target, { last: r, consecutiveFailures: counted });
    }
  }

  clear(): void {
    this.checks.clear();
  }

  /** The first check failed at least `threshold` times in a row, with its latest result. */
  failing(threshold: number): { result: ProbeResult; times: number } | null {
    for (const s of this.checks.values()) if (s.consecutiveFailures >= threshold) return { result: s.last, times: s.consecutiveFailures };
    return null;
  }

  /** The checks that do not currently pass: failed, no data, or not evaluated yet. */
  unproven(): string[] {
    return this.names.filter((name) => {
      const s = this.checks.get(`prometheus:${name}`);
      return !s || !s.last.ok;
    });
  }

  latest(): ProbeResult[] {
    return [...this.checks.values()].map((s) => s.last);
  }
}
