import { Module, type DynamicModule } from '@nestjs/common';
import { BUS } from '@cutover/messaging';
import { environmentKey } from '@cutover/contracts';
import { KubernetesRuntime, LocalRuntime, environmentsKv, readEnvironment, type EnvironmentsKv, type Runtime } from '@cutover/runtime';
import { CLOCK, CONFIG, LOGGER, type ServiceContext } from '@cutover/service-kit';
import { EnvironmentRecorder } from './environment-recorder';
import { markOrphanedEnvironments } from './orphaned-environments';
import { ENVIRONMENTS_KV, RUNTIME } from './runtime-agent.constants';
import { RuntimeAgentService } from './runtime-agent.service';
import { RuntimeController } from './runtime.controller';
import { localStateDir } from './state-dir';

/** The runtime cutover.yaml asks for: child processes here, or Deployments on Kubernetes. */
function createRuntime(ctx: ServiceContext): Promise<Runtime> {
  const { config } = ctx;
  if (config.runtime.kind === 'kubernetes') {
    return KubernetesRuntime.connect({ services: config.services, settings: config.runtime, clock: ctx.clock, log: ctx.log.child({ runtime: 'kubernetes' }) });
  }
  return Promise.resolve(
    new LocalRuntime({ services: config.services, clock: ctx.clock, log: ctx.log.child({ runtime: 'local' }), stateDir: localStateDir(config) }),
  );
}

@Module({})
export class RuntimeAgentModule {
  /** Carries its whole context, so it runs the same under service-kit and inside a test. */
  static register(ctx: ServiceContext): DynamicModule {
    return {
      module: RuntimeAgentModule,
      controllers: [RuntimeController],
      providers: [
        { provide: BUS, useValue: ctx.bus },
        { provide: CONFIG, useValue: ctx.config },
        { provide: CLOCK, useValue: ctx.clock },
        { provide: LOGGER, useValue: ctx.log },
        { provide: ENVIRONMENTS_KV, useFactory: () => environmentsKv(ctx.bus) },
        { provide: RUNTIME, useFactory: () => createRuntime(ctx) },
        {
          provide: EnvironmentRecorder,
          inject: [ENVIRONMENTS_KV, RUNTIME],
          // Nest resolves this before any request is served, so what a previous agent ran is
          // adopted (or its stale states corrected) before this one reports anything.
          // Kubernetes environments are adopted from the cluster, and a state whose
          // Deployment is gone is reported stopped. Local ones are adopted from the runtime's
          // state folder; any other environment a previous agent claimed is marked.
          useFactory: async (kv: EnvironmentsKv, runtime: Runtime) => {
            const recorder = new EnvironmentRecorder(kv, ctx.bus, ctx.log);
            runtime.onChange((state) => recorder.record(state));
            if (runtime instanceof KubernetesRuntime) {
              await runtime.start((service, color) => readEnvironment(kv, service, color));
              return recorder;
            }
            const found = runtime instanceof LocalRuntime ? runtime.recover() : [];
            const keep = new Set(found.map((s) => environmentKey(s.service, s.color)));
            for (const state of await markOrphanedEnvironments(kv, () => ctx.clock.now(), keep)) {
              ctx.log.warn('environment of a previous agent marked', { service: state.service, color: state.color, status: state.status });
              await ctx.bus.publish('environmentEvent', [state.service, state.color], state);
            }
            return recorder;
          },
        },
        RuntimeAgentService,
      ],
    };
  }
}
