// At start-up the router is empty; the routing record says where traffic was going.
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@cutover/observability';
import type { Router } from '@cutover/router';
import { CONFIG, LOGGER } from '@cutover/service-kit';
import type { CutoverConfig } from '@cutover/config';
import type { RoutingKv } from './kv-types';
import { ROUTER, ROUTING_KV } from './switcher.constants';

@Injectable()
export class RoutingRestore {
  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(ROUTING_KV) private readonly routing: RoutingKv,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async restore(): Promise<void> {
    for (const service of Object.keys(this.config.services)) {
      const record = await this.routing.get(service);
      const live = record?.value.liveColor;
      if (!live) continue;
      await this.router.switchTo(service, live);
      this.log.info('routing restored', { service, liveColor: live, revision: record.revision });
    }
  }
}
