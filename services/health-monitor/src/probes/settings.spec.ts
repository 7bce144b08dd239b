import type { Policy } from '@cutover/contracts';
import { DEFAULT_POLICY } from '@cutover/core';
import { healthSettings } from './settings';

describe('healthSettings', () => {
  it('fills what a policy written before the probe kinds lacks from DEFAULT_POLICY, keeping what it has', () => {
    const old: Policy = {
      ...DEFAULT_POLICY,
      probe: { path: '/ready', intervalMs: 100, timeoutMs: 500, expectedStatus: 204, failureThreshold: 2, successThreshold: 1 },
      traffic: { maxErrorRate: 0.1, minRequests: 5, windowMs: 2_000 },
    };
    delete old.health;
    delete old.prometheus;
    const s = healthSettings(old);
    expect(s.probe).toEqual({ ...DEFAULT_POLICY.probe, ...old.probe });
    expect(s.probe.kind).toBe('http');
    expect(s.traffic).toEqual({ ...DEFAULT_POLICY.traffic, ...old.traffic });
    expect(s.health).toEqual(DEFAULT_POLICY.health);
    expect(s.prometheus).toEqual({ url: null, intervalMs: 5_000, timeoutMs: 2_000, checks: [] });
  });
});
