// The durable routing record of a service after a switch: live color and a bounded history.
import type { Color, RoutingState, SwitchCommand } from '@cutover/contracts';

export const HISTORY_LIMIT = 50;

export function recordSwitch(
  previous: RoutingState | null,
  cmd: SwitchCommand,
  switched: { fromColor: Color | null; version: string | null; at: Date },
): RoutingState {
  const at = switched.at.toISOString();
  const entry = {
    at,
    fromColor: switched.fromColor,
    toColor: cmd.toColor,
    version: switched.version,
    ...(cmd.deploymentId ? { deploymentId: cmd.deploymentId } : {}),
    reason: cmd.reason,
  };
  return {
    service: cmd.service,
    liveColor: cmd.toColor,
    liveVersion: switched.version,
    updatedAt: at,
    history: [...(previous?.history ?? []), entry].slice(-HISTORY_LIMIT),
  };
}
