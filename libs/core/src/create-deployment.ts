import { otherColor, type Color, type DeploymentRecord, type Policy, type ReleaseCommand } from '@cutover/contracts';
import { Reasons } from './reasons';

export interface NewDeployment {
  id: string;
  release: ReleaseCommand;
  /** What serves traffic now; null for the first release of a service. */
  live: { color: Color; version: string | null } | null;
  /** The service's effective policy (see mergePolicy). */
  policy: Policy;
  now: Date;
  /** The environment of the Cutover taking the release, if it has one. */
  environment?: string | null;
}

/** A deployment in phase Requested, aimed at the idle color (blue for a first release). */
export function createDeployment({ id, release, live, policy, now, environment = null }: NewDeployment): DeploymentRecord {
  const at = now.toISOString();
  const toColor = live ? otherColor(live.color) : 'blue';
  const plan = live
    ? `${toColor} gets it while ${live.color} (${live.version ?? 'unknown version'}) keeps serving`
    : `first release, it goes to ${toColor}`;
  return {
    id,
    service: release.service,
    version: release.version,
    ...(release.image !== undefined ? { image: release.image } : {}),
    env: release.env ?? {},
    ...(release.metadata !== undefined ? { metadata: release.metadata } : {}),
    ...(environment ? { environment } : {}),
    fromColor: live?.color ?? null,
    fromVersion: live?.version ?? null,
    toColor,
    phase: 'Requested',
    reason: Reasons.ReleaseAccepted,
    message: `release ${release.version} of ${release.service} accepted: ${plan}`,
    history: [{ phase: 'Requested', at, reason: Reasons.ReleaseAccepted }],
    policy,
    createdAt: at,
    updatedAt: at,
    phaseStartedAt: at,
    verifyPasses: 0,
  };
}
