// Every orchestrator replica runs the same passes and asks for the same switch. Deriving the
// command's envelope id from the deployment, the color and the resend period it falls in
// makes those requests one message: JetStream drops a repeat of an id within its duplicate
// window. A resend in a later period is a new message, for a switcher that lost the first.
import type { Color, DeploymentRecord } from '@cutover/contracts';

export function switchCommandId(record: DeploymentRecord, toColor: Color, now: Date, resendAfterMs: number): string {
  const period = Math.floor(Math.max(0, now.getTime() - Date.parse(record.phaseStartedAt)) / resendAfterMs);
  return `${record.id}.switch-${toColor}.${period}`;
}
