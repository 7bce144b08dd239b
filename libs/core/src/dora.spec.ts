import type { DeploymentRecord, Phase } from '@cutover/contracts';
import { DEFAULT_POLICY } from './policy';
import { doraObservation, doraReport } from './dora';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const HOUR = 3_600_000;
const MIN = 60_000;

/** A finished deployment; times in ms after T0. */
function finished(id: number, phase: Phase, t: { start: number; switched?: number; commit?: number; fault?: number; back?: number; end: number }, environment = 'production'): DeploymentRecord {
  return {
    id: `shop-00000000${String(id).padStart(2, '0')}abcdef`,
    service: 'shop',
    version: `1.${id}.0`,
    env: {},
    environment,
    ...(t.commit !== undefined ? { metadata: { commitTime: iso(t.commit) } } : {}),
    fromColor: 'blue',
    fromVersion: '1.0.0',
    toColor: 'green',
    phase,
    reason: phase,
    message: '',
    history: [],
    policy: DEFAULT_POLICY,
    createdAt: iso(t.start),
    updatedAt: iso(t.end),
    phaseStartedAt: iso(t.end),
    verifyPasses: 0,
    ...(t.switched !== undefined ? { switchedAt: iso(t.switched) } : {}),
    ...(t.fault !== undefined ? { firstFaultAt: iso(t.fault) } : {}),
    ...(t.back !== undefined ? { rolledBackAt: iso(t.back) } : {}),
    finishedAt: iso(t.end),
  };
}

// Ten days of shop in production, worked out by hand below.
const SEQUENCE: DeploymentRecord[] = [
  // Succeeded, committed 2 h before going live.
  finished(1, 'Succeeded', { commit: 0, start: 1 * HOUR, switched: 2 * HOUR, end: 2 * HOUR + 10 * MIN }),
  // Succeeded, committed 30 min before going live.
  finished(2, 'Succeeded', { commit: DAY, start: DAY + 20 * MIN, switched: DAY + 30 * MIN, end: DAY + 40 * MIN }),
  // Rolled back 90 s after its first fault.
  finished(3, 'RolledBack', { commit: 2 * DAY, start: 2 * DAY + MIN, switched: 2 * DAY + 5 * MIN, fault: 2 * DAY + 6 * MIN, back: 2 * DAY + 6 * MIN + 90_000, end: 2 * DAY + 7 * MIN }),
  // Failed in Verifying: never went live, so it is no change failure.
  finished(4, 'Failed', { start: 3 * DAY, end: 3 * DAY + 5 * MIN }),
  // Succeeded, committed 4 h before going live.
  finished(5, 'Succeeded', { commit: 4 * DAY, start: 4 * DAY + 3 * HOUR, switched: 4 * DAY + 4 * HOUR, end: 4 * DAY + 4 * HOUR + 10 * MIN }),
  // Rolled back 30 s after its first fault.
  finished(6, 'RolledBack', { start: 5 * DAY, switched: 5 * DAY + 2 * MIN, fault: 5 * DAY + 3 * MIN, back: 5 * DAY + 3 * MIN + 30_000, end: 5 * DAY + 4 * MIN }),
  // Aborted while waiting for approval.
  finished(7, 'Aborted', { start: 6 * DAY, end: 6 * DAY + HOUR }),
  // Succeeded without a known commit time: it counts, but has no lead time.
  finished(8, 'Succeeded', { start: 7 * DAY, switched: 7 * DAY + 5 * MIN, end: 7 * DAY + 15 * MIN }),
  // Outside the window (day 12).
  finished(9, 'Succeeded', { commit: 12 * DAY, start: 12 * DAY, switched: 12 * DAY + MIN, end: 12 * DAY + 2 * MIN }),
  // The same service in staging: a group of its own.
  finished(10, 'Succeeded', { commit: 0, start: MIN, switched: 10 * MIN, end: 11 * MIN }, 'staging'),
];

describe('DORA figures', () => {
  it('match the hand-computed values for a known sequence of deployments', () => {
    const [production, staging] = doraReport(SEQUENCE, { from: new Date(T0), to: new Date(T0 + 10 * DAY) }).sort((a, b) => (a.environment ?? '').localeCompare(b.environment ?? ''));
    expect(production).toEqual({
      service: 'shop',
      environment: 'production',
      finished: 8,
      // 1, 2, 5 and 8 succeeded: 4 in 10 days.
      deployments: 4,
      deploymentsPerDay: 0.4,
      // Lead times 2 h, 30 min, 4 h (8 has no commit time): median 2 h, p90 4 h.
      leadTimeMs: { median: 2 * HOUR, p90: 4 * HOUR, samples: 3 },
      // Live: 1, 2, 3, 5, 6, 8 = 6; failed after going live: 3 and 6 = 2; 2 / 6.
      live: 6,
      failed: 2,
      changeFailureRate: 2 / 6,
      // 90 s and 30 s: median of two is their mean, 60 s.
      timeToRestoreMs: { median: 60_000, samples: 2 },
    });
    expect(staging).toMatchObject({ environment: 'staging', deployments: 1, leadTimeMs: { median: 10 * MIN, p90: 10 * MIN, samples: 1 }, changeFailureRate: 0, live: 1 });
  });

  it('leave out deployments still running, and count a rollback that failed after the switch as a change failure', () => {
    const running = { ...finished(11, 'Monitoring', { start: 0, switched: MIN, end: MIN }), finishedAt: undefined };
    expect(doraObservation(running)).toBeNull();
    expect(doraObservation(finished(12, 'Failed', { start: 0, switched: MIN, end: 2 * MIN }))).toEqual({ live: true, failed: true, leadTimeMs: null, restoreMs: null });
  });
});
