import { hostname } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS } from '@cutover/messaging';
import { apiAuthProvider, CLOCK, CONFIG, LOGGER, type ServiceContext } from '@cutover/service-kit';
import { DashboardModule } from './dashboard/dashboard.module';
import { INSTANCE, STORES } from './health-monitor.constants';
import { HealthApiController } from './http/health-api.controller';
import { HEALTH_METERING, healthMetering } from './metrics/health-metering';
import { HealthMonitor } from './monitor/health-monitor.service';
import { openStores } from './stores';
import { ProbeRoundTracing } from './tracing/probe-round-tracing.service';

@Module({})
export class HealthMonitorModule {
  /** Carries its whole context, so it runs the same under service-kit and inside a test. */
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: HealthMonitorModule,
      imports: [DashboardModule.register(ctx)],
      controllers: [HealthApiController],
      providers: [
        { provide: BUS, useValue: ctx.bus },
        { provide: CONFIG, useValue: ctx.config },
        { provide: CLOCK, useValue: ctx.clock },
        { provide: LOGGER, useValue: ctx.log },
        apiAuthProvider(ctx),
        { provide: STORES, useFactory: () => openStores(ctx.bus) },
        // A test that mounts the module has no port of its own: the process stands in for it.
        { provide: INSTANCE, useValue: ctx.instance ?? `${hostname()}:${process.pid}` },
        HealthMonitor,
        ProbeRoundTracing,
        { provide: HEALTH_METERING, useFactory: () => healthMetering() },
      ],
    };
  }
}
