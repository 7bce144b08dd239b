import { KubernetesApiError, KubernetesRetriesExhaustedError } from './errors';
import { backoffMs, isRetryable, withRetries, type RetryDeps, type RetryPolicy } from './retry';

const POLICY: RetryPolicy = { baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: 5_000 };

/** A clock that moves only when the code under test sleeps; random fixed at `random`. */
function fakeTime(random = 1) {
  let now = 0;
  const slept: number[] = [];
  const deps: RetryDeps = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    random: () => random,
  };
  return { deps, slept };
}

const failure = (status: number | undefined, cause: unknown = {}, retryAfterMs?: number) =>
  new KubernetesApiError('patch Service shop/shop', status, `HTTP ${status}`, { cause, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

/** Fails with the given errors in turn, then answers 'ok'. */
function failing(...errors: unknown[]) {
  const calls = { count: 0 };
  const fn = () => {
    const err = errors[calls.count++];
    return err === undefined ? Promise.resolve('ok') : Promise.reject(err);
  };
  return { fn, calls };
}

describe('backoffMs', () => {
  it('doubles from the base up to the cap, the upper half chosen at random', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, POLICY, 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, POLICY, 0))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});

describe('isRetryable', () => {
  it('retries conflicts, throttling, server errors and a lost connection; never another 4xx', () => {
    for (const status of [409, 429, 500, 502, 503, 504]) expect(isRetryable(failure(status))).toBe(true);
    for (const status of [400, 401, 403, 404, 410, 422]) expect(isRetryable(failure(status))).toBe(false);
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']) expect(isRetryable(failure(undefined, { code }))).toBe(true);
    expect(isRetryable(failure(undefined, { name: 'AbortError' }))).toBe(true);
    expect(isRetryable(failure(undefined, { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe(false);
    expect(isRetryable(failure(undefined, new TypeError('x is undefined')))).toBe(false);
  });

  it('does not retry the 409 of a request made over a resourceVersion', () => {
    expect(isRetryable(failure(409), { conditional: true })).toBe(false);
    expect(isRetryable(failure(503), { conditional: true })).toBe(true);
  });
});

describe('withRetries', () => {
  it('retries until the call succeeds, waiting the backoff in between', async () => {
    const { deps, slept } = fakeTime();
    const { fn, calls } = failing(failure(409), failure(503), failure(undefined, { code: 'ECONNREFUSED' }));
    expect(await withRetries('op', fn, {}, POLICY, deps)).toBe('ok');
    expect(calls.count).toBe(4);
    expect(slept).toEqual([100, 200, 400]);
  });

  it('waits at least as long as Retry-After says', async () => {
    const { deps, slept } = fakeTime();
    const { fn } = failing(failure(429, {}, 2_000), failure(429, {}, 0));
    await withRetries('op', fn, {}, POLICY, deps);
    expect(slept).toEqual([2_000, 200]);
  });

  it('throws a non-retryable failure at once', async () => {
    for (const status of [403, 404, 422]) {
      const { deps, slept } = fakeTime();
      const { fn, calls } = failing(failure(status));
      await expect(withRetries('op', fn, {}, POLICY, deps)).rejects.toMatchObject({ status, code: 'kubernetes_api_error' });
      expect(calls.count).toBe(1);
      expect(slept).toEqual([]);
    }
  });

  it('makes one attempt only when told to', async () => {
    const { deps, slept } = fakeTime();
    const { fn, calls } = failing(failure(503));
    await expect(withRetries('op', fn, { once: true }, POLICY, deps)).rejects.toMatchObject({ status: 503, code: 'kubernetes_api_error' });
    expect([calls.count, slept]).toEqual([1, []]);
  });

  it('throws what is not a KubernetesApiError at once', async () => {
    const { deps } = fakeTime();
    const bug = new TypeError('x is undefined');
    await expect(withRetries('op', () => Promise.reject(bug), {}, POLICY, deps)).rejects.toBe(bug);
  });

  it('gives up with KubernetesRetriesExhaustedError, the last failure as cause, once the next wait would pass the budget', async () => {
    const { deps, slept } = fakeTime();
    const last = failure(503);
    const err = (await withRetries('patch Service shop/shop', () => Promise.reject(last), {}, POLICY, deps).catch((e: unknown) => e)) as KubernetesRetriesExhaustedError;
    // 100+200+400+800+1000+1000+1000 = 4500; one more second would pass 5000.
    expect(slept).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(err).toBeInstanceOf(KubernetesRetriesExhaustedError);
    expect(err).toBeInstanceOf(KubernetesApiError);
    expect(err).toMatchObject({ status: 503, attempts: 8, code: 'kubernetes_api_unavailable', cause: last });
    expect(err.message).toBe('cannot patch Service shop/shop: gave up after 8 attempts in 4500 ms; last: HTTP 503');
  });
});
