// Retries of one Kubernetes API call. The API server answers 409 when a write raced another,
// 429 when it sheds load, 5xx while it or etcd is unwell, and nothing at all while it
// restarts; each of these usually passes within seconds. Capped exponential backoff with
// jitter, so the processes of a fleet do not retry in step; Retry-After is honoured.
import { KubernetesApiError, KubernetesRetriesExhaustedError } from './errors';

export interface RetryPolicy {
  /** Delay after the first failure; it doubles after each one. */
  baseDelayMs: number;
  /** The longest delay between two attempts. */
  maxDelayMs: number;
  /** No attempt starts later than this after the first one. */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 200, maxDelayMs: 5_000, budgetMs: 30_000 };

export interface RetryDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): where in the upper half of the backoff the delay falls. */
  random(): number;
}

export const realRetryDeps: RetryDeps = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface RetryOptions {
  /**
   * A 409 is retried unless the request carried a resourceVersion: then the object changed
   * since it was read, and only the caller can read it again and decide anew.
   */
  conditional?: boolean;
  /** One attempt only: the caller (a readiness probe) has its own deadline and asks again anyway. */
  once?: boolean;
}

// Errors of the connection, not of the request: the API server is restarting or unreachable.
const TRANSPORT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/** Whether trying the same request again may succeed. Other 4xx (400, 403, 404, 422) never will. */
export function isRetryable(err: KubernetesApiError, opts: RetryOptions = {}): boolean {
  if (err.status === undefined) return isTransportFailure(err.cause);
  if (err.status === 409) return !opts.conditional;
  return err.status === 429 || err.status >= 500;
}

function isTransportFailure(cause: unknown): boolean {
  const { code, name, type } = (cause ?? {}) as { code?: unknown; name?: unknown; type?: unknown };
  // AbortError: the per-request timeout of KubeClient fired.
  return (typeof code === 'string' && TRANSPORT_CODES.has(code)) || name === 'AbortError' || type === 'request-timeout' || type === 'body-timeout';
}

/** The delay before attempt `failures + 1`: half fixed, half random, capped. */
export function backoffMs(failures: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Runs attempt until it succeeds, fails for good, or the budget is spent. */
export async function withRetries<T>(
  operation: string,
  attempt: () => Promise<T>,
  opts: RetryOptions = {},
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  deps: RetryDeps = realRetryDeps,
): Promise<T> {
  const started = deps.now();
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (err) {
      if (opts.once || !(err instanceof KubernetesApiError) || !isRetryable(err, opts)) throw err;
      const delay = Math.max(backoffMs(failures, policy, deps.random()), err.retryAfterMs ?? 0);
      const elapsed = deps.now() - started;
      if (elapsed + delay > policy.budgetMs) throw new KubernetesRetriesExhaustedError(operation, failures, elapsed, err);
      await deps.sleep(delay);
    }
  }
}
