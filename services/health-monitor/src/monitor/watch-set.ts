// The environments being watched, one HealthWindow and one probe loop each, driven by the
// runtime's environment entries. Transport-free: entries, traffic and a sink go in, so the
// rules of who is watched can be tested without NATS.
import {
  COLORS,
  environmentKey,
  type Color,
  type Endpoint,
  type EnvironmentState,
  type HealthSnapshot,
  type HealthTransition,
  type HttpProbe,
  type Notification,
  type Policy,
  type ProbeResult,
  type TrafficSample,
} from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import type { Logger } from '@cutover/observability';
import { HealthWindow } from '../aggregation/health-window';
import type { ProbeRound } from '../aggregation/probe-streak';
import type { MetricChecker } from '../probes/prometheus-prober';
import { RUNTIME_PROBE_TARGET, runtimeProbe } from '../probes/runtime-probe';

export { RUNTIME_PROBE_TARGET };

export interface HealthSink {
  /** Once per probe round of every watched environment. */
  snapshot(snapshot: HealthSnapshot): Promise<void>;
  transition(transition: HealthTransition): Promise<void>;
  /** The environment is gone: its last snapshot must not linger. */
  removed(service: string, color: Color): Promise<void>;
  /** A warning-level threshold was breached: tell a human, change nothing. */
  warning(notification: Notification): Promise<void>;
}

export interface Prober {
  probe(endpoint: Endpoint, spec: HttpProbe): Promise<ProbeResult>;
}

export interface Loop {
  start(): void;
  stop(): void;
}

export interface WatchSetDeps {
  clock: Clock;
  /** The service's policy, or null for a service this configuration does not know. */
  policyFor(service: string): Policy | null;
  prober: Prober;
  /** Evaluates the policy's Prometheus checks. */
  checker: MetricChecker;
  /**
   * 'runtime': a ready environment counts as a passing round and is not probed over HTTP.
   * On Kubernetes the pods' own readiness probes already judge them, the runtime's status
   * follows them (pods turning unready fail the environment), and pod IPs need not be
   * reachable from where Cutover runs.
   */
  probeBy: 'http' | 'runtime';
  loop(intervalMs: number, round: () => Promise<void>): Loop;
  sink: HealthSink;
  log: Logger;
}

interface Watched {
  window: HealthWindow;
  loop: Loop;
  /** Clock time (ms) the Prometheus checks were last started; they run at their own interval. */
  checkedAtMs: number;
  checking: boolean;
}

export class WatchSet {
  private readonly watched = new Map<string, Watched>();
  private readonly unknownServices = new Set<string>();

  constructor(private readonly deps: WatchSetDeps) {}

  async applyEnvironment(env: EnvironmentState): Promise<void> {
    if (env.status === 'stopped') return this.remove(env.service, env.color);
    const current = this.watched.get(environmentKey(env.service, env.color));
    if (current) return this.emit(current.window.observeEnvironment(env), current.window);
    const policy = this.deps.policyFor(env.service);
    if (!policy) return this.ignore(env.service);
    const window = new HealthWindow(env.service, env.color, policy, env, this.deps.clock);
    const watched: Watched = { window, loop: this.deps.loop(policy.probe.intervalMs, () => this.round(watched)), checkedAtMs: -Infinity, checking: false };
    this.watched.set(environmentKey(env.service, env.color), watched);
    watched.loop.start();
    // The first entry seen can already be decisive: an environment that failed is unhealthy now.
    await this.emit(window.observeEnvironment(env), window);
  }

  async remove(service: string, color: Color): Promise<void> {
    const key = environmentKey(service, color);
    this.watched.get(key)?.loop.stop();
    this.watched.delete(key);
    await this.deps.sink.removed(service, color);
  }

  async applyTraffic(sample: TrafficSample): Promise<void> {
    for (const color of COLORS) {
      const watched = this.watched.get(environmentKey(sample.service, color));
      if (watched) await this.emit(watched.window.recordTraffic(sample[color]), watched.window);
    }
  }

  snapshots(): HealthSnapshot[] {
    return [...this.watched.values()].map((w) => w.window.snapshot());
  }

  close(): void {
    for (const w of this.watched.values()) w.loop.stop();
    this.watched.clear();
  }

  /** Probes only a ready environment; every watched one still publishes its snapshot. */
  private async round(watched: Watched): Promise<void> {
    const { window } = watched;
    const env = window.environment;
    if (env.status === 'ready') {
      this.startChecks(watched, env);
      const round = await this.probeAll(env, window.settings.probe);
      if (!this.isWatched(watched)) return;
      await this.emit(window.recordRound(round), window);
    }
    if (this.isWatched(watched)) await this.deps.sink.snapshot(window.snapshot());
  }

  /**
   * Starts the Prometheus checks when their interval has passed and none are running. Not
   * awaited by the round: a slow or unreachable Prometheus must not slow the probes down.
   */
  private startChecks(watched: Watched, env: EnvironmentState): void {
    const { prometheus } = watched.window.settings;
    const nowMs = this.deps.clock.now().getTime();
    if (!prometheus.url || prometheus.checks.length === 0 || watched.checking || nowMs - watched.checkedAtMs < prometheus.intervalMs) return;
    watched.checkedAtMs = nowMs;
    watched.checking = true;
    void Promise.all(prometheus.checks.map((c) => this.deps.checker.check(prometheus, c, env)))
      .then((results) => (this.isWatched(watched) ? this.emit(watched.window.recordChecks(results), watched.window) : undefined))
      .catch((err: unknown) => this.deps.log.error('metric checks failed', { service: env.service, color: env.color, err }))
      .finally(() => (watched.checking = false));
  }

  private async probeAll(env: EnvironmentState, spec: HttpProbe): Promise<ProbeRound> {
    if (this.deps.probeBy === 'runtime') return [runtimeProbe(env, this.deps.clock.now().toISOString())];
    const [first, ...rest] = await Promise.all(env.endpoints.map((e) => this.deps.prober.probe(e, spec)));
    if (first) return [first, ...rest];
    return [
      {
        at: this.deps.clock.now().toISOString(),
        target: environmentKey(env.service, env.color),
        ok: false,
        error: 'the environment is ready but lists no endpoints',
      },
    ];
  }

  private isWatched(watched: Watched): boolean {
    const { service, color } = watched.window;
    return this.watched.get(environmentKey(service, color)) === watched;
  }

  private async emit(transition: HealthTransition | null, window: HealthWindow): Promise<void> {
    if (transition) {
      const { service, color, version, from, to, reason } = transition;
      this.deps.log.info('health changed', { service, color, version, from, to, reason });
      await this.deps.sink.transition(transition);
    }
    for (const w of window.takeWarnings()) {
      const { service, color, environment } = window;
      this.deps.log.warn('health warning', { service, color, threshold: w.threshold });
      await this.deps.sink.warning({
        service,
        level: 'warning',
        title: `${service} ${color} (${environment.version ?? 'no version'}): ${w.threshold} breached`,
        text: w.text,
      });
    }
  }

  private ignore(service: string): void {
    if (this.unknownServices.has(service)) return;
    this.unknownServices.add(service);
    this.deps.log.warn('ignoring environments of a service that is not in the configuration', { service });
  }
}
