// Records and messages as the other services would write them, for unit and integration tests.
import type { DeploymentRecord, HealthSnapshot, HealthTransition, Phase, RoutingState } from '@cutover/contracts';
import { DEFAULT_POLICY } from '@cutover/core';

export const T0 = '2025-01-01T00:00:00.000Z';
export const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

/** demo 3.0.0 on green, replacing 2.0.0 on blue, switched at +1 s. */
export function deployment(patch: Partial<DeploymentRecord> & { phase: Phase }): DeploymentRecord {
  return {
    id: 'demo-0000000001abcdef',
    service: 'demo',
    version: '3.0.0',
    env: {},
    fromColor: 'blue',
    fromVersion: '2.0.0',
    toColor: 'green',
    reason: 'SwitchConfirmed',
    message: 'traffic is on green',
    history: [
      { phase: 'Requested', at: T0, reason: 'ReleaseAccepted' },
      { phase: 'Switching', at: at(500), reason: 'VerificationPassed' },
      { phase: 'Monitoring', at: at(1000), reason: 'SwitchConfirmed' },
    ],
    policy: DEFAULT_POLICY,
    createdAt: T0,
    updatedAt: at(1000),
    phaseStartedAt: at(1000),
    verifyPasses: 3,
    switchedAt: at(1000),
    ...patch,
  };
}

export function snapshot(patch: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    service: 'demo',
    color: 'green',
    version: '3.0.0',
    state: 'degraded',
    at: at(2000),
    consecutiveFailures: 3,
    consecutiveSuccesses: 0,
    lastProbe: { at: at(2000), target: 'http://127.0.0.1:40001/healthz', ok: false, status: 500, latencyMs: 3 },
    recentFailures: [],
    ...patch,
  };
}

export function transition(patch: Partial<HealthTransition> = {}): HealthTransition {
  return {
    service: 'demo',
    color: 'green',
    version: '3.0.0',
    from: 'healthy',
    to: 'degraded',
    at: at(2000),
    firstFailureAt: at(1600),
    reason: '3 probes in a row answered 500',
    snapshot: snapshot(),
    ...patch,
  };
}

export function routing(liveColor: 'blue' | 'green', patch: Partial<RoutingState> = {}): RoutingState {
  return {
    service: 'demo',
    liveColor,
    liveVersion: liveColor === 'green' ? '3.0.0' : '2.0.0',
    updatedAt: at(1000),
    history: [{ at: at(1000), fromColor: 'blue', toColor: 'green', version: '3.0.0', deploymentId: 'demo-0000000001abcdef', reason: 'deployment demo-0000000001abcdef (3.0.0)' }],
    ...patch,
  };
}
