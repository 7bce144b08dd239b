// At start-up the router is empty; the routing record says where traffic was going. When
// there is no record (Cutover's NATS store was lost or is new) but the router keeps its own
// (a live Kubernetes Service), the record is rebuilt from it: otherwise the next release
// would take the live color for idle and deploy over the environment serving traffic.
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@cutover/observability';
import type { Router } from '@cutover/router';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import type { CutoverConfig } from '@cutover/config';
import type { Clock } from '@cutover/core';
import type { RoutingKv } from './kv-types';
import { adoptedRecord } from './routing-record';
import { ROUTER, ROUTING_KV } from './switcher.constants';

@Injectable()
export class RoutingRestore {
  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(ROUTING_KV) private readonly routing: RoutingKv,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async restore(): Promise<void> {
    for (const service of Object.keys(this.config.services)) {
      const record = await this.routing.get(service);
      const live = record?.value.liveColor;
      if (record) {
        if (!live) continue;
        await this.router.switchTo(service, live);
        this.log.info('routing restored', { service, liveColor: live, revision: record.revision });
      } else {
        await this.adopt(service);
      }
    }
  }

  private async adopt(service: string): Promise<void> {
    const recorded = await this.router.recordedLive(service);
    if (!recorded) return;
    try {
      // create, not put: a record written meanwhile (a switch, another replica) is newer.
      await this.routing.create(service, adoptedRecord(service, recorded, this.clock.now()));
      this.log.info('routing adopted from the router', { service, liveColor: recorded.color, liveVersion: recorded.version });
    } catch (err) {
      this.log.warn('routing record not adopted', { service, liveColor: recorded.color, err });
    }
  }
}
