// The durable routing record of a service after a switch: live color and a bounded history.
import type { Color, RoutingState, SwitchCommand } from '@cutover/contracts';
import type { RecordedLive } from '@cutover/router';

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

export const ADOPTED_REASON = 'adopted from the router: Cutover had no routing record';

/** The first routing record of a service, taken from what the router itself keeps as live. */
export function adoptedRecord(service: string, live: RecordedLive, at: Date): RoutingState {
  const when = at.toISOString();
  return {
    service,
    liveColor: live.color,
    liveVersion: live.version,
    updatedAt: when,
    history: [{ at: when, fromColor: null, toColor: live.color, version: live.version, reason: ADOPTED_REASON }],
  };
}
