import type { DeploymentRecord, HealthSnapshot } from '@cutover/contracts';
import { requestSwitch } from './actions';
import { changed, endBeforeSwitch, unchanged, type Decision } from './decision';
import { describeEnvironment, describeHealth, trafficStays } from './describe';
import { isUp, runsRelease, type Observations } from './observations';
import { Reasons } from './reasons';
import { elapsedMs, notBefore } from './time';
import { transition } from './transition';

/** Verifying: probes of the new color must pass N times in a row before traffic may move. */
export function verifying(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const problem = checkBeforeSwitch(record, obs, now);
  if (problem) return problem;
  const hs = obs.health;
  const { successesRequired, timeoutMs } = record.policy.verify;
  if (hs && passed(record, hs)) {
    const passes = { verifyPasses: successesRequired };
    if (record.policy.approval.required) {
      const wait = record.policy.approval.timeoutMs;
      const message = `${record.toColor} passed ${successesRequired} probes in a row; waiting for approval${wait === null ? '' : ` (aborts after ${wait} ms)`}`;
      return changed(transition(record, 'AwaitingApproval', Reasons.ApprovalRequired, message, now, passes));
    }
    const message = `${record.toColor} passed ${successesRequired} probes in a row; switching traffic to it`;
    return changed(transition(record, 'Switching', Reasons.VerificationPassed, message, now, passes), [requestSwitch(record)]);
  }
  if (elapsedMs(record.phaseStartedAt, now) >= timeoutMs) {
    const message = `${record.toColor} did not pass ${successesRequired} probes in a row within ${timeoutMs} ms: ${describeHealth(hs)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.VerificationTimeout, message, now, obs.routing);
  }
  // Progress for watchers ("2 of 3"); written only when it moves.
  const passes = hs ? Math.min(hs.consecutiveSuccesses, successesRequired) : record.verifyPasses;
  if (passes === record.verifyPasses) return unchanged(record);
  return changed({ ...record, verifyPasses: passes, updatedAt: now.toISOString() });
}

/** AwaitingApproval: the new color must stay sound while a human decides. */
export function awaitingApproval(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const problem = checkBeforeSwitch(record, obs, now);
  if (problem) return problem;
  const timeoutMs = record.policy.approval.timeoutMs;
  if (timeoutMs !== null && elapsedMs(record.phaseStartedAt, now) >= timeoutMs) {
    const message = `nobody approved ${record.version} within ${timeoutMs} ms; ${trafficStays(record)}`;
    return endBeforeSwitch(record, 'Aborted', Reasons.ApprovalTimeout, message, now, obs.routing);
  }
  return unchanged(record);
}

/** The new color crashed, vanished or failed its probes: the deployment fails before traffic moves. */
function checkBeforeSwitch(record: DeploymentRecord, obs: Observations, now: Date): Decision | null {
  const { environment: env, health: hs, routing } = obs;
  if (env && (!runsRelease(env, record) || !isUp(env))) {
    const message = `${record.toColor} no longer runs ${record.version}: ${describeEnvironment(env)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.EnvironmentLost, message, now, routing);
  }
  if (env?.status === 'failed') {
    const message = `${record.toColor} failed while running ${record.version}: ${describeEnvironment(env)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.EnvironmentFailed, message, now, routing);
  }
  if (hs && failing(record, hs)) {
    const message = `${record.toColor} failed verification of ${record.version}: ${describeHealth(hs)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.VerificationFailed, message, now, routing);
  }
  return null;
}

const isBad = (hs: HealthSnapshot) => hs.state === 'degraded' || hs.state === 'unhealthy';

function passed(record: DeploymentRecord, hs: HealthSnapshot): boolean {
  return hs.consecutiveSuccesses >= record.policy.verify.successesRequired && !isBad(hs);
}

/**
 * Failing on evidence from this phase only: the monitor may have counted failures while the
 * color was still starting, and those say nothing about the ready color.
 */
function failing(record: DeploymentRecord, hs: HealthSnapshot): boolean {
  const last = hs.lastProbe;
  if (!last || last.ok || !notBefore(last.at, record.phaseStartedAt)) return false;
  return isBad(hs) || hs.consecutiveFailures >= record.policy.probe.failureThreshold;
}
