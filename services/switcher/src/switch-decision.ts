// What a switch command should do, decided from the durable routing record and the target
// environment before anything is touched; the caller then performs at most one idempotent
// switch (the pattern Argo Rollouts uses for its active Service selector).
import type { Color, EnvironmentState, RoutingState, SwitchCommand } from '@cutover/contracts';

export type RefusalCode = 'stale_expected_color' | 'environment_not_ready';

export type SwitchDecision =
  | { kind: 'switch'; fromColor: Color | null; target: EnvironmentState }
  /** The routing already is what the command asks for: a redelivery, or a no-op. */
  | { kind: 'already_done'; fromColor: Color | null }
  | { kind: 'refuse'; fromColor: Color | null; code: RefusalCode; reason: string };

export function decideSwitch(cmd: SwitchCommand, routing: RoutingState | null, target: EnvironmentState | null): SwitchDecision {
  const live = routing?.liveColor ?? null;
  const last = routing?.history.at(-1);
  if (live === cmd.toColor) {
    // Our own earlier run of this command (crash before the ack) left exactly this entry.
    const redelivered = last?.toColor === cmd.toColor && last.deploymentId === cmd.deploymentId;
    if (redelivered) return { kind: 'already_done', fromColor: last.fromColor };
    if (cmd.expectedColor === cmd.toColor) return { kind: 'already_done', fromColor: live };
  }
  if (live !== cmd.expectedColor) {
    return {
      kind: 'refuse',
      fromColor: live,
      code: 'stale_expected_color',
      reason: `expected ${cmd.expectedColor ?? 'no color'} to be live, but ${live ?? 'no color'} is`,
    };
  }
  if (!target || target.status !== 'ready' || target.endpoints.length === 0) {
    const state = target ? `${target.status} with ${target.endpoints.length} endpoint(s)` : 'unknown';
    return {
      kind: 'refuse',
      fromColor: live,
      code: 'environment_not_ready',
      reason: `${cmd.service} ${cmd.toColor} is ${state}`,
    };
  }
  return { kind: 'switch', fromColor: live, target };
}
