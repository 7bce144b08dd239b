import { runService } from '@cutover/service-kit';
import { RuntimeAgentModule } from './runtime-agent.module';

runService({
  name: 'runtime-agent',
  port: (config) => config.ports.runtimeAgent,
  module: (ctx) => RuntimeAgentModule.register(ctx),
  usesKubernetes: true,
});
