import type { DeploymentRecord, HealthSnapshot } from '@cutover/contracts';
import { requestSwitch } from './actions';
import { changed, endBeforeSwitch, unchanged, type Decision } from './decision';
import { describeHealth, trafficStays } from './describe';
import type { Observations } from './observations';
import { Reasons } from './reasons';
import { elapsedMs } from './time';
import { transition } from './transition';

/**
 * Switching: ask the switcher (compare-and-set on the color live when the release was
 * accepted) until routing shows the new color live or the switcher says no. Routing is
 * checked first: once traffic is on the new color, a refusal of a repeated request is moot.
 */
export function switching(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const { routing, switchResult } = obs;
  if (routing?.liveColor === record.toColor || switchResult?.ok) {
    const message = `traffic is on ${record.toColor} (${record.version}); monitoring it for ${record.policy.monitorWindowMs} ms`;
    return changed(transition(record, 'Monitoring', Reasons.SwitchConfirmed, message, now, { switchedAt: now.toISOString() }));
  }
  if (switchResult) {
    const why = [switchResult.code, switchResult.error].filter(Boolean).join(': ') || 'no reason given';
    const message = `switch to ${record.toColor} failed (${why}); ${trafficStays(record)}`;
    return endBeforeSwitch(record, 'Failed', Reasons.SwitchFailed, message, now, routing);
  }
  return unchanged(record, [requestSwitch(record)]);
}

/**
 * Monitoring: the new color is live and the previous one warm. Degradation is the rollback
 * service's call; here the window only ends, and not while the new color looks unwell, since
 * declaring success then would be a lie the rollback is about to correct. A first release
 * has nothing to roll back to: still unwell at the end of the window, it has failed, and
 * traffic stays where it is, the only place there is.
 */
export function monitoring(record: DeploymentRecord, obs: Observations, now: Date): Decision {
  const windowMs = record.policy.monitorWindowMs;
  if (elapsedMs(record.switchedAt ?? record.phaseStartedAt, now) < windowMs) return unchanged(record);
  const hs = obs.health;
  if (!record.fromColor && hs && isFresh(hs, record, now) && (hs.state === 'degraded' || hs.state === 'unhealthy')) {
    const message = `${record.version} on ${record.toColor} is ${hs.state} at the end of its ${windowMs} ms window (${describeHealth(hs)}); it is the first release of ${record.service}, so there is no previous color to roll back to and traffic stays on it`;
    return changed(transition(record, 'Failed', Reasons.UnhealthyWithoutPrevious, message, now, { finishedAt: now.toISOString() }));
  }
  // Success needs evidence: a health monitor that is down (or restarting and not yet sure)
  // leaves the deployment in Monitoring until one reports it healthy again. The last probe
  // must have passed too: hysteresis keeps a color "healthy" through its first failures,
  // which may be the start of a breach the monitor has not called yet.
  if (!hs || hs.state !== 'healthy' || hs.consecutiveFailures > 0 || !isFresh(hs, record, now)) return unchanged(record);
  const previous = record.fromColor
    ? `; ${record.fromColor} (${record.fromVersion ?? 'unknown version'}) is scaled down in ${record.policy.scaleDownDelayMs} ms`
    : '';
  const message = `${record.version} on ${record.toColor} stayed healthy for ${windowMs} ms (${describeHealth(hs)})${previous}`;
  return changed(transition(record, 'Succeeded', Reasons.MonitoringPassed, message, now));
}

/**
 * Health older than a few probe intervals says nothing about now: whoever probed may be gone.
 * Judged by the last probe, not by when the snapshot was written: a monitor cut off from
 * NATS may write, on its return, a snapshot made now from probes of long ago.
 */
const FRESH_PROBE_INTERVALS = 5;
const MIN_FRESH_MS = 2000;

function isFresh(hs: HealthSnapshot, record: DeploymentRecord, now: Date): boolean {
  const probedAt = hs.lastProbe?.at ?? hs.at;
  const oldest = Date.parse(probedAt) < Date.parse(hs.at) ? probedAt : hs.at;
  return elapsedMs(oldest, now) <= Math.max(MIN_FRESH_MS, FRESH_PROBE_INTERVALS * record.policy.probe.intervalMs);
}
