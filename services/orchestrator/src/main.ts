import { runService } from '@cutover/service-kit';
import { OrchestratorModule } from './orchestrator.module';

runService({
  name: 'orchestrator',
  port: (config) => config.ports.orchestrator,
  servesApi: true,
  module: (ctx) => OrchestratorModule.register(ctx),
});
