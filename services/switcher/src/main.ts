// The switcher process: owns the router, flips traffic on switch commands.
import { runService } from '@cutover/service-kit';
import { SwitcherModule } from './switcher.module';

runService({
  name: 'switcher',
  port: (config) => config.ports.switcher,
  module: (ctx) => SwitcherModule.forRoot(ctx),
  usesKubernetes: true,
});
