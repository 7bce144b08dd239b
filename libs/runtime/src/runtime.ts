// The one interface every runtime implements: local child processes now, Kubernetes next.
// Every operation is idempotent so callers can retry after any crash.
import type {
  Color,
  EnsureEnvironment,
  EnvironmentState,
  RuntimeDiagnostics,
  ScaleDown,
} from '@cutover/contracts';

export interface Runtime {
  /** Which runtime this is, for logs and diagnostics: 'local' | 'kubernetes'. */
  readonly kind: string;
  /**
   * Make the color's environment run this release. Returns at once with the current state
   * ('starting' while it comes up); progress arrives through onChange. Calling it again with
   * the same release is a no-op; with another release it replaces what runs there.
   */
  ensure(req: EnsureEnvironment): Promise<EnvironmentState>;
  /** Stop the environment: graceful first, forced after the grace period. */
  scaleDown(req: ScaleDown): Promise<EnvironmentState>;
  get(service: string, color: Color): EnvironmentState | null;
  list(): EnvironmentState[];
  diagnostics(service: string, color: Color): Promise<RuntimeDiagnostics>;
  /** Called on every status change; returns an unsubscribe function. */
  onChange(listener: (state: EnvironmentState) => void): () => void;
  /** Stop everything this runtime started (local) or just release resources (kubernetes). */
  close(): Promise<void>;
}
