// Automatic rollback acts on one situation only: the color that just went live (its
// deployment is still Monitoring) got worse. Everything else is somebody else's business:
// the idle color, a deployment still verifying, one already settled.
import type { DeploymentRecord, HealthState, HealthTransition } from '@cutover/contracts';
import { beginRollback } from '@cutover/core';
import { decline, resume, type RollbackPlan } from './decision';

const FAILING: readonly HealthState[] = ['degraded', 'unhealthy'];

/** `record` is the service's active deployment, or null when it has none. */
export function decideOnTransition(t: HealthTransition, record: DeploymentRecord | null, now: Date): RollbackPlan {
  if (!FAILING.includes(t.to)) return decline(`${t.service} ${t.color} became ${t.to}`);
  if (!record) return decline(`${t.service} has no active deployment`);
  if (record.toColor !== t.color) {
    return decline(`${t.color} is not the color deployment ${record.id} moved traffic to (${record.toColor})`);
  }
  // A late transition about the version that ran on this color before is old news.
  if (t.version !== null && t.version !== record.version) {
    return decline(`the transition is about ${t.version}, deployment ${record.id} runs ${record.version}`);
  }
  if (record.phase === 'RollingBack') return resume;
  // A Succeeded deployment may still be rolled back, but only by a human.
  if (record.phase !== 'Monitoring') return decline(`deployment ${record.id} is ${record.phase}, not Monitoring`);
  const begun = beginRollback(record, t.reason, now, t.firstFailureAt ?? t.at);
  return begun.ok ? { kind: 'begin', record: begun.record } : decline(begun.message);
}
