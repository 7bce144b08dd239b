import type { Color, DeploymentRecord, RoutingState } from '@cutover/contracts';

/**
 * What the caller must do after writing the decided record. Every action is idempotent and
 * may be returned again on the next pass until its effect is observed.
 */
export type Action =
  | { kind: 'ensureEnvironment'; color: Color; version: string; image?: string; env: Record<string, string> }
  | { kind: 'requestSwitch'; toColor: Color; expectedColor: Color | null }
  | { kind: 'scaleDown'; color: Color; reason: string };

export type EnsureEnvironmentAction = Extract<Action, { kind: 'ensureEnvironment' }>;

export function ensureEnvironment(record: DeploymentRecord): EnsureEnvironmentAction {
  return {
    kind: 'ensureEnvironment',
    color: record.toColor,
    version: record.version,
    ...(record.image !== undefined ? { image: record.image } : {}),
    env: record.env,
  };
}

export function requestSwitch(record: DeploymentRecord): Action {
  return { kind: 'requestSwitch', toColor: record.toColor, expectedColor: record.fromColor };
}

/**
 * Scale a color down, unless routing says it is live: whatever went wrong before, Cutover
 * never stops the color that serves traffic.
 */
export function scaleDownUnlessLive(color: Color, reason: string, routing: RoutingState | null): Action[] {
  return routing?.liveColor === color ? [] : [{ kind: 'scaleDown', color, reason }];
}
