import { PolicySchema, validate } from '@cutover/contracts';
import { DEFAULT_POLICY, mergePolicy } from './policy';

describe('policy', () => {
  it('the default policy is valid and rolls back in seconds', () => {
    expect(validate(PolicySchema, DEFAULT_POLICY, 'policy')).toBe(DEFAULT_POLICY);
    const { intervalMs, failureThreshold } = DEFAULT_POLICY.probe;
    expect(intervalMs * failureThreshold).toBeLessThanOrEqual(1000);
    expect(DEFAULT_POLICY.approval).toEqual({ required: false, timeoutMs: null });
  });

  it('merges an override section by section, keeping the fields it does not name', () => {
    const merged = mergePolicy(DEFAULT_POLICY, { probe: { intervalMs: 500 }, monitorWindowMs: 5000 });
    expect(merged.probe).toEqual({ ...DEFAULT_POLICY.probe, intervalMs: 500 });
    expect(merged.monitorWindowMs).toBe(5000);
    expect(merged.verify).toEqual(DEFAULT_POLICY.verify);
  });

  it('stacks overrides: a later level wins field by field', () => {
    const defaults = mergePolicy(DEFAULT_POLICY, { verify: { successesRequired: 5, timeoutMs: 9000 } });
    const service = mergePolicy(defaults, { verify: { timeoutMs: 4000 } });
    expect(service.verify).toEqual({ successesRequired: 5, timeoutMs: 4000 });
  });

  it('treats null as a value and undefined as absent', () => {
    const withTimeout = mergePolicy(DEFAULT_POLICY, { approval: { required: true, timeoutMs: 60_000 } });
    expect(mergePolicy(withTimeout, { approval: { timeoutMs: null } }).approval).toEqual({ required: true, timeoutMs: null });
    expect(mergePolicy(withTimeout, { approval: { timeoutMs: undefined } }).approval.timeoutMs).toBe(60_000);
    expect(mergePolicy(withTimeout, undefined)).toEqual(withTimeout);
  });

  it('modifies neither input', () => {
    const base = structuredClone(DEFAULT_POLICY);
    const override = { probe: { path: '/ready' } };
    const merged = mergePolicy(base, override);
    merged.probe.intervalMs = 1;
    expect(base).toEqual(DEFAULT_POLICY);
    expect(override).toEqual({ probe: { path: '/ready' } });
  });
});
