import { Module, type DynamicModule } from '@nestjs/common';
import { DUPLICATE_WINDOW_MS } from '@cutover/messaging';
import { processMetrics } from '@cutover/metrics';
import { RuntimeClient } from '@cutover/runtime';
import { CLOCK, CONFIG, LOGGER, type ServiceContext } from '@cutover/service-kit';
import { NotificationController } from './notify/notification.controller';
import { Notifier } from './notify/notifier.service';
import { RollbackMetrics } from './metrics/rollback-metrics';
import { RollbackController } from './rollback.controller';
import { RUNTIME_CLIENT, STORES, SWITCH_BACK } from './rollback.constants';
import { Rollbacks } from './rollbacks.service';
import { openStores } from './stores';
import { DEFAULT_SWITCH_BACK, SwitchBack, type SwitchBackSettings } from './switching/switch-back';
import { SwitchResults } from './switching/switch-results';

// Diagnostics are collected once the rollback is settled, so waiting costs no traffic. The
// wait outlasts the runtime's own deadline per source (pod logs: 3 s), so one slow source
// leaves a gap in the runtime section instead of losing all of it; then the bundle is saved
// without runtime details rather than late.
const RUNTIME_DIAGNOSTICS = { timeoutMs: 10_000, retries: 0 };

@Module({})
export class RollbackModule {
  static register(ctx: Pick<ServiceContext, 'bus' | 'log' | 'clock' | 'config'>, switchBack: SwitchBackSettings = DEFAULT_SWITCH_BACK): DynamicModule {
    return {
      module: RollbackModule,
      controllers: [RollbackController, NotificationController],
      providers: [
        // Provided here from the context: the root module's exports do not reach the modules it imports.
        { provide: CLOCK, useValue: ctx.clock },
        { provide: CONFIG, useValue: ctx.config },
        { provide: LOGGER, useValue: ctx.log },
        { provide: STORES, useFactory: () => openStores(ctx.bus) },
        { provide: RUNTIME_CLIENT, useFactory: () => new RuntimeClient(ctx.bus, RUNTIME_DIAGNOSTICS) },
        {
          // Following from before the first handler runs, so no result can slip past.
          provide: SwitchResults,
          useFactory: async () => {
            const results = new SwitchResults();
            await results.start(ctx.bus, new Date(ctx.clock.now().getTime() - DUPLICATE_WINDOW_MS));
            return results;
          },
        },
        {
          provide: SWITCH_BACK,
          useFactory: (results: SwitchResults) => new SwitchBack(ctx.bus, results, switchBack, ctx.log),
          inject: [SwitchResults],
        },
        Rollbacks,
        { provide: RollbackMetrics, useFactory: () => new RollbackMetrics(ctx.bus, processMetrics()) },
        Notifier,
      ],
    };
  }
}
