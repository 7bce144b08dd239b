import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { EnsureEnvironment, EnvironmentState, RuntimeDiagnostics, RuntimeDiagnosticsRequest, ScaleDown } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import type { Runtime } from '@cutover/runtime';
import { LOGGER } from '@cutover/service-kit';
import { EnvironmentRecorder } from './environment-recorder';
import { RUNTIME } from './runtime-agent.constants';

/** What the agent does with each request; the runtime does the work, the recorder reports it. */
@Injectable()
export class RuntimeAgentService implements OnApplicationShutdown {
  private stopping: Promise<void> | null = null;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly recorder: EnvironmentRecorder,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  ensure(req: EnsureEnvironment): Promise<EnvironmentState> {
    this.log.info('ensure', { service: req.service, color: req.color, version: req.version });
    return this.runtime.ensure(req);
  }

  scaleDown(req: ScaleDown): Promise<EnvironmentState> {
    this.log.info('scale down', { service: req.service, color: req.color, reason: req.reason });
    return this.runtime.scaleDown(req);
  }

  diagnostics(req: RuntimeDiagnosticsRequest): Promise<RuntimeDiagnostics> {
    return this.runtime.diagnostics(req.service, req.color);
  }

  /**
   * Runs after requests stopped being served: every environment stops and its final
   * state reaches KV before NATS is drained. Nest may call it twice (signal hook and
   * app.close()); both wait for the same stop.
   */
  onApplicationShutdown(): Promise<void> {
    this.stopping ??= (async () => {
      await this.runtime.close();
      await this.recorder.flush();
    })();
    return this.stopping;
  }
}
