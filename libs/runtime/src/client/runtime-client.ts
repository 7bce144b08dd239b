import {
  EnvironmentStateSchema,
  RuntimeDiagnosticsSchema,
  type Color,
  type EnsureEnvironment,
  type EnvironmentState,
  type RuntimeDiagnostics,
  type ScaleDown,
} from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';

export interface RuntimeClientOptions {
  /** Per attempt, for ensure and diagnostics, which answer at once (ms). */
  timeoutMs?: number;
  /** Per attempt for scale-down, which answers once the processes are gone (ms). */
  scaleDownTimeoutMs?: number;
  /** Extra attempts after a timeout or while no agent answers; every operation is idempotent. */
  retries?: number;
}

export interface CallOptions {
  correlationId?: string;
  deploymentId?: string;
}

/**
 * The runtime agent as seen from other services. Failures surface as the messaging lib's
 * RpcError (with the agent's code, e.g. unknown_service) or RequestTimeoutError.
 */
export class RuntimeClient {
  private readonly timeoutMs: number;
  private readonly scaleDownTimeoutMs: number;
  private readonly retries: number;

  constructor(
    private readonly bus: Bus,
    opts: RuntimeClientOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    // Above the default grace period of a stop, so a normal stop answers in one attempt.
    this.scaleDownTimeoutMs = opts.scaleDownTimeoutMs ?? 30_000;
    this.retries = opts.retries ?? 2;
  }

  /** Asks for the release in that color; the reply is the state right away ('starting' while it comes up). */
  ensure(req: EnsureEnvironment, call: CallOptions = {}): Promise<EnvironmentState> {
    return this.bus.request('runtimeEnsure', req, {
      ...call,
      timeoutMs: this.timeoutMs,
      retries: this.retries,
      replySchema: EnvironmentStateSchema,
    });
  }

  /** Stops the color; resolves with the 'stopped' state once its processes are gone. */
  scaleDown(req: ScaleDown, call: CallOptions = {}): Promise<EnvironmentState> {
    return this.bus.request('runtimeScaleDown', req, {
      ...call,
      timeoutMs: this.scaleDownTimeoutMs,
      retries: this.retries,
      replySchema: EnvironmentStateSchema,
    });
  }

  diagnostics(service: string, color: Color, call: CallOptions = {}): Promise<RuntimeDiagnostics> {
    return this.bus.request('runtimeDiagnostics', { service, color }, {
      ...call,
      timeoutMs: this.timeoutMs,
      retries: this.retries,
      replySchema: RuntimeDiagnosticsSchema,
    });
  }
}
