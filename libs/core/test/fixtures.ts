// Builders for the core's specs: records and observations as the other services would
// report them, and a helper that drives a deployment through the happy path.
import {
  DeploymentRecordSchema,
  validate,
  type Color,
  type DeploymentRecord,
  type EnvironmentState,
  type HealthSnapshot,
  type Phase,
  type ProbeResult,
  type RoutingState,
  type SwitchResult,
} from '@cutover/contracts';
import {
  createDeployment,
  DEFAULT_POLICY,
  ManualClock,
  mergePolicy,
  reconcile,
  specHash,
  type Decision,
  type Observations,
  type PolicyOverride,
} from '../src';

export const SERVICE = 'checkout';
export const ID = 'checkout-0m5x8k2a0abcdef12';

export const none: Observations = { environment: null, health: null, routing: null, switchResult: null };

export interface Setup {
  live?: { color: Color; version: string | null } | null;
  policy?: PolicyOverride;
  version?: string;
  env?: Record<string, string>;
}

export function newDeployment(clock: ManualClock, setup: Setup = {}): DeploymentRecord {
  const live = setup.live === undefined ? { color: 'blue' as const, version: '1.0.0' } : setup.live;
  return createDeployment({
    id: ID,
    release: { service: SERVICE, version: setup.version ?? '1.1.0', env: setup.env ?? { FAULT: 'none' } },
    live,
    policy: mergePolicy(DEFAULT_POLICY, setup.policy),
    now: clock.now(),
  });
}

/** The record must always be a valid DeploymentRecord. */
export function valid(record: DeploymentRecord): DeploymentRecord {
  return validate(DeploymentRecordSchema, record, 'deployment record');
}

export function environment(record: DeploymentRecord, at: Date, patch: Partial<EnvironmentState> = {}): EnvironmentState {
  return {
    service: record.service,
    color: record.toColor,
    version: record.version,
    specHash: specHash(record),
    status: 'ready',
    reason: 'Ready',
    message: '1 instance(s) ready',
    endpoints: [{ host: '127.0.0.1', port: 41234 }],
    exits: [],
    updatedAt: at.toISOString(),
    ...patch,
  };
}

export function probe(at: Date, ok: boolean, patch: Partial<ProbeResult> = {}): ProbeResult {
  return {
    at: at.toISOString(),
    target: 'http://127.0.0.1:41234/healthz',
    ok,
    ...(ok ? { status: 200, latencyMs: 3 } : { status: 503, latencyMs: 4 }),
    ...patch,
  };
}

export function healthy(record: DeploymentRecord, at: Date, successes: number): HealthSnapshot {
  return {
    service: record.service,
    color: record.toColor,
    version: record.version,
    state: successes >= DEFAULT_POLICY.probe.successThreshold ? 'healthy' : 'unknown',
    at: at.toISOString(),
    consecutiveFailures: 0,
    consecutiveSuccesses: successes,
    lastProbe: probe(at, true),
    recentFailures: [],
  };
}

export function failing(record: DeploymentRecord, at: Date, failures: number, state: HealthSnapshot['state'] = 'degraded'): HealthSnapshot {
  const last = probe(at, false);
  return {
    service: record.service,
    color: record.toColor,
    version: record.version,
    state,
    at: at.toISOString(),
    consecutiveFailures: failures,
    consecutiveSuccesses: 0,
    lastProbe: last,
    recentFailures: [last],
  };
}

export function routing(service: string, liveColor: Color | null, at: Date): RoutingState {
  return { service, liveColor, liveVersion: null, updatedAt: at.toISOString(), history: [] };
}

export function switchResult(record: DeploymentRecord, ok: boolean, patch: Partial<SwitchResult> = {}): SwitchResult {
  return {
    commandId: 'cmd-1',
    service: record.service,
    deploymentId: record.id,
    ok,
    fromColor: record.fromColor,
    toColor: record.toColor,
    durationMs: 12,
    ...(ok ? {} : { code: 'stale_expected_color', error: 'live color is green, expected blue' }),
    ...patch,
  };
}

/** Reconcile, then check the decision's record is valid. */
export function step(record: DeploymentRecord, obs: Partial<Observations>, clock: ManualClock): Decision {
  const decision = reconcile(record, { ...none, ...obs }, clock.now());
  valid(decision.record);
  return decision;
}

/** Drive a fresh deployment along the happy path until it reaches `phase`. */
export function driveTo(phase: Phase, clock: ManualClock, setup: Setup = {}): DeploymentRecord {
  const path: Phase[] = ['Requested', 'Preparing', 'Verifying', 'AwaitingApproval', 'Switching', 'Monitoring', 'Succeeded'];
  let record = newDeployment(clock, setup);
  for (let steps = 0; record.phase !== phase; steps++) {
    if (!path.includes(record.phase)) throw new Error(`driveTo(${phase}) ended in ${record.phase}: ${record.message}`);
    if (steps > 100) throw new Error(`driveTo(${phase}) is stuck in ${record.phase}: ${record.message}`);
    clock.advance(100);
    // Monitoring needs its window to pass with fresh health at the end of it.
    if (record.phase === 'Monitoring') clock.advance(record.policy.monitorWindowMs);
    const now = clock.now();
    const obs: Partial<Observations> = {
      environment: environment(record, now),
      health: healthy(record, now, record.policy.verify.successesRequired),
      routing: routing(record.service, record.phase === 'Switching' ? record.toColor : record.fromColor, now),
    };
    if (record.phase === 'AwaitingApproval') throw new Error('driveTo cannot approve; approve explicitly');
    record = step(record, obs, clock).record;
  }
  return record;
}
