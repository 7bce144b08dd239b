// The spans of one rollback: a "rollback" span under the deployment's trace, with children
// for the decision (from the health transition that triggered it, or the request, to the
// RollingBack record), the switch back, and the diagnostics gathered afterwards.
import type { DeploymentRecord, HealthTransition } from '@cutover/contracts';
import { cutoverAttributes, deploymentParent, inSpan, markFailed, recordSpan } from '@cutover/tracing';

const subject = (record: DeploymentRecord) =>
  cutoverAttributes({ service: record.service, color: record.toColor, version: record.version, deploymentId: record.id });

export function inRollbackSpan<T>(record: DeploymentRecord, why: string, trigger: HealthTransition | null, fn: () => Promise<T>): Promise<T> {
  const attributes = { ...subject(record), 'cutover.rollback.reason': why, 'cutover.rollback.to_color': record.fromColor ?? '' };
  return inSpan(
    'rollback',
    attributes,
    async () => {
      const decided = record.history.at(-1)!.at;
      recordSpan('rollback decision', {
        start: new Date(trigger?.at ?? decided),
        end: new Date(decided),
        attributes: { ...subject(record), 'cutover.rollback.trigger': trigger ? `health ${trigger.from} → ${trigger.to}` : 'request' },
        parent: deploymentParent(record.id),
      });
      return fn();
    },
    deploymentParent(record.id),
  );
}

/** One step of a rollback, under the rollback span when it runs inside it. */
export function inRollbackStep<T>(name: string, record: DeploymentRecord, fn: () => Promise<T>, failed?: (result: T) => string | null): Promise<T> {
  return inSpan(
    `rollback ${name}`,
    subject(record),
    async (span) => {
      const result = await fn();
      const failure = failed?.(result);
      if (failure) markFailed(span, failure);
      return result;
    },
    deploymentParent(record.id),
  );
}
