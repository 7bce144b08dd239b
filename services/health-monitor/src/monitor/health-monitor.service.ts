// Wires the watch set to NATS: environment entries from the runtime's bucket decide what is
// watched, the switcher's traffic samples feed the live-traffic windows, and health goes
// out through the bus.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CutoverConfig } from '@cutover/config';
import { COLORS, subjects, type Color, type EnvironmentState, type HealthSnapshot } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { BUS, type Bus, type KvChange, type Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import { STORES } from '../health-monitor.constants';
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
  private readonly watchSet: WatchSet;
  private readonly subscriptions: Stoppable[] = [];

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CONFIG) config: CutoverConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
    rounds: ProbeRoundTracing,
    @Inject(HEALTH_METERING) metering: HealthMetering,
  ) {
    this.prober = new EndpointProber(clock);
    this.scheduler = new ProbeScheduler({
      maxConcurrent: MAX_CONCURRENT_ROUNDS,
      onError: (err) => this.log.error('probe round failed', { err }),
    });
    this.watchSet = new WatchSet({
      clock,
      policyFor: (service) => config.services[service]?.policy ?? null,
      prober: metering.prober(this.prober),
      checker: new PrometheusProber(clock),
      probeBy: config.runtime.kind === 'kubernetes' ? 'runtime' : 'http',
      loop: (intervalMs, round) => this.scheduler.loop(intervalMs, round),
      sink: metering.sink(rounds.wrap(new BusHealthSink(bus, stores))),
      log,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      await this.bus.subscribe('traffic', subjects.trafficAll(), async (msg) => this.watchSet.applyTraffic(msg.data)),
      await this.stores.environments.watch('>', (change) => void this.onEnvironment(change)),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.watchSet.close();
    this.scheduler.close();
    this.prober.close();
  }

  snapshots(): HealthSnapshot[] {
    return this.watchSet.snapshots().sort((a, b) => `${a.service}.${a.color}`.localeCompare(`${b.service}.${b.color}`));
  }

  private async onEnvironment(change: KvChange<EnvironmentState>): Promise<void> {
    try {
      if ('value' in change) await this.watchSet.applyEnvironment(change.value);
      else await this.removeKey(change.key);
    } catch (err) {
      this.log.error('could not apply an environment change', { key: change.key, err });
    }
  }

  /** A purged entry (key service.color) means the same as a stopped one. */
  private async removeKey(key: string): Promise<void> {
    const dot = key.lastIndexOf('.');
    const color = key.slice(dot + 1);
    if (dot > 0 && COLORS.includes(color as Color)) await this.watchSet.remove(key.slice(0, dot), color as Color);
  }
}
