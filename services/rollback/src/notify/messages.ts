// What a human reads about a rollback: the title says what happened to which release, the
// text why and how fast traffic was safe again.
import type { DeploymentRecord, Notification } from '@cutover/contracts';

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const colorOf = (color: string | null, version: string | null) => `${color ?? 'no color'} (${version ?? 'unknown version'})`;

/**
 * `record` is RolledBack; `cause` is what started it: the health transition's reason or the
 * operator's request. The clock runs from the first fault, or from when the rollback began.
 */
export function rolledBack(record: DeploymentRecord, cause: string): Notification {
  const back = record.rolledBackAt ?? record.updatedAt;
  const since = record.firstFaultAt ?? [...record.history].reverse().find((h) => h.phase === 'RollingBack')?.at ?? back;
  const took = formatDuration(Math.max(0, Date.parse(back) - Date.parse(since)));
  const clock = record.firstFaultAt ? 'from the first fault' : 'from the request';
  return {
    service: record.service,
    deploymentId: record.id,
    event: 'rolled-back',
    ...(record.environment ? { environment: record.environment } : {}),
    level: 'critical',
    title: `${record.service} ${record.version} rolled back${record.environment ? ` in ${record.environment}` : ''}`,
    text: `${cause}. Traffic is back on ${colorOf(record.fromColor, record.fromVersion)} since ${back}, ${took} ${clock}.`,
  };
}

/** `record` is Failed after a rollback attempt. */
export function rollbackFailed(record: DeploymentRecord, error: string): Notification {
  return {
    service: record.service,
    deploymentId: record.id,
    level: 'critical',
    title: `${record.service} ${record.version} rollback failed`,
    text: `Traffic could not be put back on ${colorOf(record.fromColor, record.fromVersion)}: ${error}. ${record.toColor} may still serve traffic; a human must look.`,
  };
}

export function rollbackRefused(service: string, reason: string, deploymentId?: string): Notification {
  return {
    service,
    ...(deploymentId ? { deploymentId } : {}),
    level: 'warning',
    title: `rollback of ${service} refused`,
    text: reason,
  };
}
