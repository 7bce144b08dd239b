// What people hear about a deployment's progress: one notification per step that matters
// to them (started, waiting for approval, switched, succeeded, failed, aborted). A rollback
// is announced by the rollback itself (messages.ts), with how fast traffic was safe again.
import type { DeploymentEventKind, DeploymentRecord, Notification, Phase } from '@cutover/contracts';

interface Announcement {
  event: DeploymentEventKind;
  level: Notification['level'];
  what: string;
}

function announcementOf(record: DeploymentRecord, previousPhase: Phase | null): Announcement | null {
  switch (record.phase) {
    case 'Requested':
      return previousPhase === null ? { event: 'started', level: 'info', what: 'deployment started' } : null;
    case 'AwaitingApproval':
      return { event: 'awaiting-approval', level: 'info', what: 'waits for approval' };
    case 'Monitoring':
      return previousPhase === 'Switching' ? { event: 'switched', level: 'info', what: `is live on ${record.toColor}` } : null;
    case 'Succeeded':
      return { event: 'succeeded', level: 'info', what: 'succeeded' };
    // A rollback that failed is announced by the rollback, with what a human must do.
    case 'Failed':
      return previousPhase === 'RollingBack' ? null : { event: 'failed', level: 'critical', what: 'failed' };
    case 'Aborted':
      return { event: 'aborted', level: 'warning', what: 'aborted' };
    default:
      return null;
  }
}

export function announcement(record: DeploymentRecord, previousPhase: Phase | null): Notification | null {
  const a = announcementOf(record, previousPhase);
  if (!a) return null;
  const where = record.environment ? ` in ${record.environment}` : '';
  return {
    service: record.service,
    deploymentId: record.id,
    event: a.event,
    ...(record.environment ? { environment: record.environment } : {}),
    level: a.level,
    title: `${record.service} ${record.version} ${a.what}${where}`,
    text: `${record.message} (deployment ${record.id}, ${record.fromColor ? `${record.fromColor} ${record.fromVersion ?? ''} → ` : ''}${record.toColor} ${record.version}).`.replace(/  +/g, ' '),
  };
}
