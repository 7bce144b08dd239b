import { Module, type DynamicModule } from '@nestjs/common';
import { processMetrics } from '@cutover/metrics';
import { RuntimeClient } from '@cutover/runtime';
import { apiAuthProvider, type ServiceContext } from '@cutover/service-kit';
import { ApiController } from './http/api.controller';
import { DeploymentMetrics } from './metrics/deployment-metrics';
import { CommandsController } from './intake/commands.controller';
import { RUNTIME_CLIENT, STORES } from './orchestrator.constants';
import { Reconciler } from './reconcile/reconciler.service';
import { openStores } from './stores';

@Module({})
export class OrchestratorModule {
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: OrchestratorModule,
      controllers: [CommandsController, ApiController],
      providers: [
        apiAuthProvider(ctx),
        { provide: STORES, useFactory: () => openStores(ctx.bus) },
        { provide: RUNTIME_CLIENT, useFactory: () => new RuntimeClient(ctx.bus) },
        Reconciler,
        { provide: DeploymentMetrics, useFactory: () => new DeploymentMetrics(ctx.bus, processMetrics()) },
      ],
    };
  }
}
