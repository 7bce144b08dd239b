// Valid records to seed KV with or feed to renderers, built the way Cutover builds them.
import type { DeploymentRecord, DiagnosticsBundle, HealthSnapshot, Phase, ProbeResult } from '@cutover/contracts';
import { DEFAULT_POLICY, Reasons } from '@cutover/core';

export const T0 = Date.parse('2025-11-28T12:00:00.000Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A deployment that went through the given phases, one second apart. */
export function deployment(
  id: string,
  phases: [Phase, string][],
  overrides: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  const history = phases.map(([phase, reason], i) => ({ phase, reason, at: at(i) }));
  const last = history.at(-1)!;
  const terminal = ['Succeeded', 'Failed', 'RolledBack', 'Aborted'].includes(last.phase);
  return {
    id,
    service: 'demo',
    version: '2.0.0',
    env: {},
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
    ...(terminal ? { finishedAt: last.at } : {}),
    ...overrides,
  };
}

export const SUCCEEDED: [Phase, string][] = [
  ['Requested', Reasons.ReleaseAccepted],
  ['Preparing', Reasons.EnvironmentStarting],
  ['Verifying', Reasons.EnvironmentReady],
  ['Switching', Reasons.VerificationPassed],
  ['Monitoring', Reasons.SwitchConfirmed],
  ['Succeeded', Reasons.MonitoringPassed],
];

export const ROLLED_BACK: [Phase, string][] = [...SUCCEEDED.slice(0, 5), ['RollingBack', Reasons.HealthDegraded], ['RolledBack', Reasons.RolledBack]];

export function probe(seconds: number, overrides: Partial<ProbeResult> = {}): ProbeResult {
  return { at: at(seconds), target: 'http://127.0.0.1:41234/', ok: false, status: 500, latencyMs: 3, ...overrides };
}

export function snapshot(overrides: Partial<HealthSnapshot> = {}): HealthSnapshot {
  return {
    service: 'demo',
    color: 'green',
    version: '2.0.0',
    state: 'healthy',
    at: at(0),
    consecutiveFailures: 0,
    consecutiveSuccesses: 5,
    lastProbe: null,
    recentFailures: [],
    ...overrides,
  };
}

export function bundle(record: DeploymentRecord): DiagnosticsBundle {
  const degraded = snapshot({ state: 'unhealthy', consecutiveFailures: 3, consecutiveSuccesses: 0, recentFailures: [probe(5), probe(6)] });
  return {
    deploymentId: record.id,
    service: record.service,
    createdAt: at(7),
    reason: 'green degraded while live: 3 probes failed in a row',
    deployment: record,
    routing: null,
    timeline: [{ at: at(5), kind: 'health', text: 'green healthy → unhealthy' }],
    transitions: [
      { service: 'demo', color: 'green', version: '2.0.0', from: 'healthy', to: 'unhealthy', at: at(6), reason: '3 failures', snapshot: degraded },
    ],
    lastSnapshot: snapshot({ ...degraded, recentFailures: [probe(6), probe(7, { status: undefined, error: 'ECONNREFUSED' })] }),
    runtime: {
      environment: {
        service: 'demo',
        color: 'green',
        version: '2.0.0',
        specHash: 'abc',
        status: 'failed',
        reason: 'InstanceExited',
        message: 'instance 0 exited',
        endpoints: [],
        exits: [{ instance: 0, pid: 4242, at: at(6), code: 1, signal: null, expected: false, stderrTail: ['Error: boom', '    at main.js:1'] }],
        updatedAt: at(6),
      },
      details: { runtime: 'local', stderrTail: [{ instance: 1, pid: 4243, lines: ['warn: slow upstream'] }, { instance: 2, pid: 4244, lines: [] }] },
    },
  };
}
