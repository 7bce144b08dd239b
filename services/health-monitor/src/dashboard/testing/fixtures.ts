// Valid contract records for the dashboard's unit tests.
import type { DeploymentRecord, EnvironmentState, HealthSnapshot, Phase, RoutingState } from '@cutover/contracts';
import { DEFAULT_POLICY } from '@cutover/core';

const T0 = Date.parse('2026-01-01T12:00:00.000Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A deployment of demo that went through the given phases, one second apart from `start`. */
export function deployment(id: string, phases: Phase[], overrides: Partial<DeploymentRecord> = {}, start = 0): DeploymentRecord {
  const history = phases.map((phase, i) => ({ phase, reason: `${phase}Reason`, at: at(start + i) }));
  const last = history[history.length - 1]!;
  return {
    id,
    service: 'demo',
    version: '2.0.0',
    env: { SECRET_TOKEN: 'never-shown' },
    fromColor: 'blue',
    fromVersion: '1.0.0',
    toColor: 'green',
    phase: last.phase,
    reason: last.reason,
    message: `${last.phase} message`,
    history,
    policy: DEFAULT_POLICY,
    createdAt: history[0]!.at,
    updatedAt: last.at,
    phaseStartedAt: last.at,
    verifyPasses: 0,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    service: 'demo',
    color: 'green',
    version: '2.0.0',
    state: 'healthy',
    at: at(0),
    consecutiveFailures: 0,
    consecutiveSuccesses: 3,
    lastProbe: { at: at(0), target: 'http://127.0.0.1:4000/', ok: true, status: 200, latencyMs: 4 },
    recentFailures: [],
    ...overrides,
  };
}

export function environment(overrides: Partial<EnvironmentState> = {}): EnvironmentState {
  return {
    service: 'demo',
    color: 'green',
    version: '2.0.0',
    specHash: 'abc',
    status: 'ready',
    reason: 'Ready',
    message: 'all instances ready',
    endpoints: [{ host: '127.0.0.1', port: 4000 }],
    exits: [],
    updatedAt: at(0),
    ...overrides,
  };
}

export function routing(overrides: Partial<RoutingState> = {}): RoutingState {
  return { service: 'demo', liveColor: 'blue', liveVersion: '1.0.0', updatedAt: at(0), history: [], ...overrides };
}
