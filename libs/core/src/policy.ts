import type { Policy } from '@cutover/contracts';

// Chosen so a bad release is caught and rolled back in seconds, not minutes: probes every
// 200 ms, three failures in a row degrade, live traffic judged over one-second windows.
export const DEFAULT_POLICY: Policy = {
  readinessTimeoutMs: 30_000,
  verify: { successesRequired: 3, timeoutMs: 30_000 },
  approval: { required: false, timeoutMs: null },
  monitorWindowMs: 30_000,
  scaleDownDelayMs: 30_000,
  probe: {
    kind: 'http',
    method: 'GET',
    path: '/healthz',
    intervalMs: 200,
    timeoutMs: 1_000,
    expectedStatus: 200,
    body: null,
    maxLatencyMs: null,
    failureThreshold: 3,
    successThreshold: 2,
  },
  traffic: { maxErrorRate: 0.05, warnErrorRate: null, maxP95Ms: null, maxP99Ms: null, warnP99Ms: null, minRequests: 20, windowMs: 1_000 },
  health: { windowMs: 5_000, minSamples: 10, minSuccessRate: 0.5, warnSuccessRate: null, maxLatencyMs: null, warnLatencyMs: null },
  prometheus: { url: null, intervalMs: 5_000, timeoutMs: 2_000, checks: [] },
};

/** Any subset of a policy, at any depth; `null` is a value (approval.timeoutMs: null = wait forever). */
export type PolicyOverride = { [K in keyof Policy]?: Policy[K] extends object ? Partial<Policy[K]> : Policy[K] };

/** A new policy: `override` over `base`, section by section. Neither input is modified. */
export function mergePolicy(base: Policy, override: PolicyOverride | undefined): Policy {
  return deepMerge(base, override ?? {}) as Policy;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
