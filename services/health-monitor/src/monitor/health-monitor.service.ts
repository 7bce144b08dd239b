// Wires the watch set to NATS: environment entries from the runtime's bucket decide what is
// watched, the switcher's traffic samples feed the live-traffic windows, and health goes
// out through the bus. Of several replicas only the one holding the lease probes: two would
// double the probe load on every app and announce every transition twice. The others
// stand by and one takes over within the lease's time to live when the holder dies.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CutoverConfig } from '@cutover/config';
import { COLORS, subjects, type Color, type EnvironmentState, type HealthSnapshot } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { BUS, Lease, type Bus, type KvChange, type Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import { INSTANCE, PROBING_LEASE, STORES } from '../health-monitor.constants';
import { EndpointProber } from '../probes/endpoint-prober';
import { ProbeScheduler } from '../probes/probe-scheduler';
import { PrometheusProber } from '../probes/prometheus-prober';
import type { Stores } from '../stores';
import { HEALTH_METERING, type HealthMetering } from '../metrics/health-metering';
import { ProbeRoundTracing } from '../tracing/probe-round-tracing.service';
import { BusHealthSink } from './bus-health-sink';
import { WatchSet } from './watch-set';

// Enough to keep a thousand environments probed every 200 ms with slow answers among them,
// few enough that a burst cannot exhaust the process's sockets.
const MAX_CONCURRENT_ROUNDS = 256;

@Injectable()
export class HealthMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly prober: EndpointProber;
  private readonly scheduler: ProbeScheduler;
  private readonly newWatchSet: () => WatchSet;
  private readonly lease: Lease;
  /** Set while this replica holds the lease and probes. */
  private watching: { watchSet: WatchSet; subscriptions: Stoppable[] } | null = null;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CONFIG) config: CutoverConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
    rounds: ProbeRoundTracing,
    @Inject(HEALTH_METERING) metering: HealthMetering,
    @Inject(INSTANCE) instance: string,
  ) {
    this.prober = new EndpointProber(clock);
    this.scheduler = new ProbeScheduler({
      maxConcurrent: MAX_CONCURRENT_ROUNDS,
      onError: (err) => this.log.error('probe round failed', { err }),
    });
    const sink = metering.sink(rounds.wrap(new BusHealthSink(bus, stores)));
    this.newWatchSet = () =>
      new WatchSet({
        clock,
        policyFor: (service) => config.services[service]?.policy ?? null,
        prober: metering.prober(this.prober),
        checker: new PrometheusProber(clock),
        probeBy: config.runtime.kind === 'kubernetes' ? 'runtime' : 'http',
        loop: (intervalMs, round) => this.scheduler.loop(intervalMs, round),
        sink,
        log,
      });
    this.lease = new Lease({
      kv: stores.leases,
      name: PROBING_LEASE,
      holder: instance,
      clock,
      log,
      onAcquired: () => this.startWatching(),
      onLost: () => this.stopWatching(),
    });
  }

  onApplicationBootstrap(): void {
    this.lease.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lease.stop();
    await this.stopWatching();
    this.scheduler.close();
    this.prober.close();
  }

  /** Whether this replica is the one probing. */
  get probing(): boolean {
    return this.watching !== null;
  }

  snapshots(): HealthSnapshot[] {
    const all = this.watching?.watchSet.snapshots() ?? [];
    return all.sort((a, b) => `${a.service}.${a.color}`.localeCompare(`${b.service}.${b.color}`));
  }

  private async startWatching(): Promise<void> {
    if (this.watching) return;
    const watchSet = this.newWatchSet();
    const watching = { watchSet, subscriptions: [] as Stoppable[] };
    this.watching = watching;
    watching.subscriptions.push(
      await this.bus.subscribe('traffic', subjects.trafficAll(), async (msg) => watchSet.applyTraffic(msg.data)),
      await this.stores.environments.watch('>', (change) => void this.onEnvironment(watchSet, change)),
    );
  }

  private async stopWatching(): Promise<void> {
    const watching = this.watching;
    if (!watching) return;
    this.watching = null;
    await Promise.all(watching.subscriptions.map((s) => s.stop()));
    watching.watchSet.close();
  }

  private async onEnvironment(watchSet: WatchSet, change: KvChange<EnvironmentState>): Promise<void> {
    try {
      if ('value' in change) await watchSet.applyEnvironment(change.value);
      else await this.removeKey(watchSet, change.key);
    } catch (err) {
      this.log.error('could not apply an environment change', { key: change.key, err });
    }
  }

  /** A purged entry (key service.color) means the same as a stopped one. */
  private async removeKey(watchSet: WatchSet, key: string): Promise<void> {
    const dot = key.lastIndexOf('.');
    const color = key.slice(dot + 1);
    if (dot > 0 && COLORS.includes(color as Color)) await watchSet.remove(key.slice(0, dot), color as Color);
  }
}
