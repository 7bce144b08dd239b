// Publishes what the router counted, per service, every interval. Plain pub/sub: a lost
// sample only makes the next window a little emptier.
import { Inject, Injectable } from '@nestjs/common';
import { BUS, type Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { Router } from '@cutover/router';
import { CONFIG, LOGGER } from '@cutover/service-kit';
import type { CutoverConfig } from '@cutover/config';
import { ROUTER, SWITCHER_SETTINGS, type SwitcherSettings } from './switcher.constants';

@Injectable()
export class TrafficPublisher {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(SWITCHER_SETTINGS) private readonly settings: SwitcherSettings,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.publishAll(), this.settings.trafficIntervalMs);
  }

  /** Publishes one last sample so the requests of the final interval are not lost. */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    await this.publishAll();
  }

  async publishAll(): Promise<void> {
    for (const service of Object.keys(this.config.services)) {
      try {
        await this.bus.publish('traffic', [service], this.router.takeTrafficSample(service));
      } catch (err) {
        this.log.warn('cannot publish traffic sample', { service, err });
      }
    }
  }
}
