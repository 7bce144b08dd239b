import { runService } from '@cutover/service-kit';
import { HealthMonitorModule } from './health-monitor.module';

runService({
  name: 'health-monitor',
  port: (config) => config.ports.healthMonitor,
  servesApi: true,
  module: (ctx) => HealthMonitorModule.register(ctx),
});
