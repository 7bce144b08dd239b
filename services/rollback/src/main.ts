import { runService } from '@cutover/service-kit';
import { RollbackModule } from './rollback.module';

runService({
  name: 'rollback',
  port: (config) => config.ports.rollback,
  module: (ctx) => RollbackModule.register(ctx),
});
