import { Module, type DynamicModule } from '@nestjs/common';
import { EnvironmentStateSchema, RoutingStateSchema, buckets } from '@cutover/contracts';
import { BUS } from '@cutover/messaging';
import { processMetrics } from '@cutover/metrics';
import { LocalRouter, connectKubernetesRouter, type Router } from '@cutover/router';
import { CLOCK, CONFIG, LOGGER, type ServiceContext } from '@cutover/service-kit';
import { BackendSync } from './backend-sync.service';
import { SwitchMetrics } from './metrics/switch-metrics';
import { RoutingRestore } from './routing-restore.service';
import { SwitchService } from './switch.service';
import {
  DEFAULT_SWITCHER_SETTINGS,
  ENVIRONMENTS_KV,
  ROUTER,
  ROUTING_KV,
  SWITCHER_SETTINGS,
  type SwitcherSettings,
} from './switcher.constants';
import { SwitcherLifecycle } from './switcher.lifecycle';
import { TrafficPublisher } from './traffic-publisher.service';

/** The router of the configured runtime; each has start() and close() for the lifecycle. */
async function createRouter(ctx: ServiceContext, settings: SwitcherSettings): Promise<Router> {
  const { runtime, services } = ctx.config;
  const logger = ctx.log.child({ part: 'router' });
  if (runtime.kind === 'kubernetes') return connectKubernetesRouter({ services, settings: runtime, clock: ctx.clock, logger });
  const router = new LocalRouter({ clock: ctx.clock, logger, closeGraceMs: settings.routerCloseGraceMs });
  for (const [name, service] of Object.entries(services)) router.addService(name, service.router);
  return router;
}

@Module({})
export class SwitcherModule {
  static forRoot(ctx: ServiceContext, overrides: Partial<SwitcherSettings> = {}): DynamicModule {
    const settings: SwitcherSettings = { ...DEFAULT_SWITCHER_SETTINGS, ...overrides };
    return {
      module: SwitcherModule,
      providers: [
        { provide: CONFIG, useValue: ctx.config },
        { provide: CLOCK, useValue: ctx.clock },
        { provide: LOGGER, useValue: ctx.log },
        { provide: BUS, useValue: ctx.bus },
        { provide: SWITCHER_SETTINGS, useValue: settings },
        { provide: ROUTER, useFactory: () => createRouter(ctx, settings) },
        { provide: ROUTING_KV, useFactory: () => ctx.bus.kv(buckets.routing, RoutingStateSchema) },
        { provide: ENVIRONMENTS_KV, useFactory: () => ctx.bus.kv(buckets.environments, EnvironmentStateSchema) },
        RoutingRestore,
        BackendSync,
        SwitchService,
        TrafficPublisher,
        SwitcherLifecycle,
        { provide: SwitchMetrics, useFactory: () => new SwitchMetrics(ctx.bus, processMetrics(), ctx.config) },
      ],
      exports: [ROUTER],
    };
  }
}
