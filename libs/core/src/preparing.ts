import type { DeploymentRecord } from '@cutover/contracts';
import { ensureEnvironment } from './actions';
import { changed, endBeforeSwitch, unchanged, type Decision } from './decision';
import { describeEnvironment } from './describe';
import { runsRelease, type Observations } from './observations';
import { Reasons } from './reasons';
import { elapsedMs, notBefore } from './time';
import { transition } from './transition';

export function requested(record: DeploymentRecord, now: Date): Decision {
  const next = transition(record, 'Preparing', Reasons.EnvironmentStarting, `starting ${record.version} on ${record.toColor}`, now);
  return changed(next, [ensureEnvironment(record)]);
}

/** Preparing: wait for the new color to run this release and be ready. */
export function preparing(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const env = obs.environment;
  const ours = env !== null && runsRelease(env, record);
  if (ours && env.status === 'ready') {
    const { successesRequired } = record.policy.verify;
    const message = `${record.toColor} runs ${record.version} and is ready; verifying: ${successesRequired} probes in a row must pass`;
    return changed(transition(record, 'Verifying', Reasons.EnvironmentReady, message, now, { verifyPasses: 0 }));
  }
  // A failure stamped before this phase began is left over from an earlier run of the same
  // release; the ensure sent on entering Preparing restarts it.
  if (ours && env.status === 'failed' && notBefore(env.updatedAt, record.phaseStartedAt)) {
    const message = `${record.toColor} failed to start ${record.version}: ${describeEnvironment(env)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.EnvironmentFailed, message, now, obs.routing);
  }
  const timeoutMs = record.policy.readinessTimeoutMs;
  if (elapsedMs(record.phaseStartedAt, now) >= timeoutMs) {
    const message = `${record.toColor} did not become ready with ${record.version} within ${timeoutMs} ms: ${describeEnvironment(env)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.ReadinessTimeout, message, now, obs.routing);
  }
  const coming = ours && (env.status === 'starting' || env.status === 'ready');
  return unchanged(record, coming ? [] : [ensureEnvironment(record)]);
}
