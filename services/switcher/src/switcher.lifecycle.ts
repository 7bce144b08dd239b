// Start-up order matters: the routing record first (so the proxy never serves a request
// from an empty routing table), then the environments, then the public listeners, then
// commands. Shutdown runs it backwards: no new commands, last traffic sample, proxies
// closed after the requests in flight finished.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { BUS, type Bus, type Stoppable } from '@cutover/messaging';
import type { Router } from '@cutover/router';
import { BackendSync } from './backend-sync.service';
import { RoutingRestore } from './routing-restore.service';
import { SwitchService } from './switch.service';
import { ROUTER, SWITCH_DURABLE } from './switcher.constants';
import { TrafficPublisher } from './traffic-publisher.service';

@Injectable()
export class SwitcherLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: Stoppable | null = null;

  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(BUS) private readonly bus: Bus,
    private readonly restore: RoutingRestore,
    private readonly backends: BackendSync,
    private readonly switches: SwitchService,
    private readonly traffic: TrafficPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.restore.restore();
    await this.backends.start();
    await this.router.start();
    this.consumer = await this.bus.consume(
      'switch',
      async (env) => {
        await this.switches.handle(env);
      },
      { durable: SWITCH_DURABLE },
    );
    this.traffic.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    await this.traffic.stop();
    await this.backends.stop();
    await this.router.close();
  }
}
