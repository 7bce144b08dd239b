// Everything the monitor knows about one environment (service, color): the runtime's latest
// word, the probe streak and the live-traffic window, and the health state they add up to.
import type {
  Color,
  ColorTraffic,
  EnvironmentState,
  HealthSnapshot,
  HealthState,
  HealthTransition,
  Policy,
} from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { decide, type Verdict } from './decide';
import { ProbeStreak, type ProbeRound } from './probe-streak';
import { TrafficWindow } from './traffic-window';

export class HealthWindow {
  private state: HealthState = 'unknown';
  private streak = new ProbeStreak();
  private readonly traffic: TrafficWindow;

  constructor(
    readonly service: string,
    readonly color: Color,
    readonly policy: Policy,
    private env: EnvironmentState,
    private readonly clock: Clock,
  ) {
    this.traffic = new TrafficWindow(policy.traffic.windowMs);
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
    return this.settle(before);
  }

  recordTraffic(traffic: ColorTraffic): HealthTransition | null {
    const before = this.state;
    this.traffic.add(this.clock.now(), traffic);
    return this.settle(before);
  }

  snapshot(): HealthSnapshot {
    const figures = this.traffic.figures(this.clock.now());
    return {
      service: this.service,
      color: this.color,
      version: this.env.version,
      state: this.state,
      at: this.clock.now().toISOString(),
      consecutiveFailures: this.streak.consecutiveFailures,
      consecutiveSuccesses: this.streak.consecutiveSuccesses,
      ...(figures && {
        traffic: { requests: figures.requests, errorRate: figures.errorRate, p95Ms: figures.p95Ms, p99Ms: figures.p99Ms },
      }),
      lastProbe: this.streak.lastProbe,
      recentFailures: [...this.streak.recentFailures],
    };
  }

  private restart(): void {
    this.state = 'unknown';
    this.streak = new ProbeStreak();
    this.traffic.clear();
  }

  /** `pending` is a change already made (a reset) that stands unless the rules decide otherwise. */
  private settle(before: HealthState, pending?: Verdict): HealthTransition | null {
    const verdict = decide({
      env: this.env,
      streak: this.streak,
      traffic: this.traffic.figures(this.clock.now()),
      policy: this.policy,
    });
    if (verdict) this.state = verdict.state;
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
