// Everything the monitor knows about one environment (service, color): the runtime's latest
// word, the probe streak and window, the metric checks, the live-traffic window, and the
// health state they add up to.
import type {
  Color,
  ColorTraffic,
  EnvironmentState,
  HealthSnapshot,
  HealthState,
  HealthTransition,
  Policy,
  ProbeResult,
} from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { healthSettings, type HealthSettings } from '../probes/settings';
import { decide, type Verdict } from './decide';
import { MetricChecks } from './metric-checks';
import { ProbeStreak, type ProbeRound } from './probe-streak';
import { ProbeWindow } from './probe-window';
import { TrafficWindow } from './traffic-window';
import { WarningLevels, type Warning } from './warnings';

export class HealthWindow {
  readonly settings: HealthSettings;
  private state: HealthState = 'unknown';
  private streak = new ProbeStreak();
  private readonly rounds: ProbeWindow;
  private readonly checks: MetricChecks;
  private readonly traffic: TrafficWindow;
  private readonly warningLevels = new WarningLevels();
  private pendingWarnings: Warning[] = [];

  constructor(
    readonly service: string,
    readonly color: Color,
    readonly policy: Policy,
    private env: EnvironmentState,
    private readonly clock: Clock,
  ) {
    this.settings = healthSettings(policy);
    this.traffic = new TrafficWindow(this.settings.traffic.windowMs);
    this.rounds = new ProbeWindow(this.settings.health.windowMs);
    this.checks = new MetricChecks(this.settings.prometheus.url ? this.settings.prometheus.checks.map((c) => c.name) : []);
  }

  get environment(): EnvironmentState {
    return this.env;
  }

  get health(): HealthState {
    return this.state;
  }

  /** The runtime's new word on this environment; returns the transition it causes, if any. */
  observeEnvironment(env: EnvironmentState): HealthTransition | null {
    const before = this.state;
    const previous = this.env;
    this.env = env;
    if (previous.version !== env.version) {
      // A new release must not inherit the verdict earned by the one before it.
      this.restart();
      return this.settle(before, {
        state: 'unknown',
        reason: `version changed from ${previous.version ?? 'none'} to ${env.version ?? 'none'}: earlier results no longer count`,
      });
    }
    if (env.status === 'starting' && previous.status !== 'starting') this.restart();
    return this.settle(before);
  }

  /** Ignored unless the environment is ready: a round that ends after it stopped says nothing. */
  recordRound(round: ProbeRound): HealthTransition | null {
    if (this.env.status !== 'ready') return null;
    const before = this.state;
    this.streak.record(round);
    const latencies = round.flatMap((r) => (r.latencyMs === undefined ? [] : [r.latencyMs]));
    this.rounds.record(this.clock.now(), round.every((r) => r.ok), latencies.length ? Math.max(...latencies) : null);
    return this.settle(before);
  }

  /** Results of the Prometheus checks; like probe rounds, they count only while ready. */
  recordChecks(results: readonly ProbeResult[]): HealthTransition | null {
    if (this.env.status !== 'ready') return null;
    const before = this.state;
    this.checks.record(results);
    return this.settle(before);
  }

  recordTraffic(traffic: ColorTraffic): HealthTransition | null {
    const before = this.state;
    this.traffic.add(this.clock.now(), traffic);
    return this.settle(before);
  }

  /** Warning-level breaches that started since the last call, each reported once. */
  takeWarnings(): Warning[] {
    const out = this.pendingWarnings;
    this.pendingWarnings = [];
    return out;
  }

  snapshot(): HealthSnapshot {
    const now = this.clock.now();
    const figures = this.traffic.figures(now);
    const window = this.rounds.figures(now);
    const checks = this.checks.latest();
    return {
      service: this.service,
      color: this.color,
      version: this.env.version,
      state: this.state,
      at: now.toISOString(),
      consecutiveFailures: this.streak.consecutiveFailures,
      consecutiveSuccesses: this.streak.consecutiveSuccesses,
      ...(figures && {
        traffic: { requests: figures.requests, errorRate: figures.errorRate, p95Ms: figures.p95Ms, p99Ms: figures.p99Ms },
      }),
      ...(window && { window }),
      ...(checks.length > 0 && { checks }),
      lastProbe: this.streak.lastProbe,
      recentFailures: [...this.streak.recentFailures],
    };
  }

  private restart(): void {
    this.state = 'unknown';
    this.streak = new ProbeStreak();
    this.rounds.clear();
    this.checks.clear();
    this.traffic.clear();
    this.warningLevels.clear();
  }

  /** `pending` is a change already made (a reset) that stands unless the rules decide otherwise. */
  private settle(before: HealthState, pending?: Verdict): HealthTransition | null {
    const now = this.clock.now();
    const traffic = this.traffic.figures(now);
    const window = this.rounds.figures(now);
    const verdict = decide({ env: this.env, streak: this.streak, window, checks: this.checks, traffic, settings: this.settings });
    if (verdict) this.state = verdict.state;
    this.pendingWarnings.push(...this.warningLevels.evaluate(traffic, window, this.settings));
    if (this.state === before) return null;
    const cause = pending?.state === this.state ? pending : (verdict ?? pending);
    return cause ? this.transition(before, cause) : null;
  }

  private transition(from: HealthState, cause: Verdict): HealthTransition {
    const failing = cause.state === 'degraded' || cause.state === 'unhealthy';
    return {
      service: this.service,
      color: this.color,
      version: this.env.version,
      from,
      to: cause.state,
      at: this.clock.now().toISOString(),
      ...(failing && cause.firstFailureAt && { firstFailureAt: cause.firstFailureAt }),
      reason: cause.reason,
      snapshot: this.snapshot(),
    };
  }
}
