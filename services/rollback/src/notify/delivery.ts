// One notification to one receiver over HTTP, tried again with doubling delays while the
// receiver is down, overloaded (5xx, 429) or slow. Any other answer is final: a 4xx will
// not change by asking again.
import type { NotificationReceiver, NotificationRetry } from '@cutover/config';

export type DeliveryOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

export interface DeliveryDeps {
  /** Waits between tries; resolves early (false) when delivery should stop, e.g. on shutdown. */
  pause(ms: number): Promise<boolean>;
}

const USER_AGENT = 'cutover-notifier';

export async function deliver(receiver: NotificationReceiver, body: object, id: string, retry: NotificationRetry, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  let last = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    const result = await post(receiver, body, id, retry.timeoutMs);
    if (result.ok) return { ok: true, attempts: attempt };
    last = result.error;
    if (!result.retryable) return { ok: false, attempts: attempt, error: last };
    if (attempt < retry.attempts && !(await deps.pause(delayBefore(attempt + 1, retry)))) return { ok: false, attempts: attempt, error: `${last}; stopped retrying at shutdown` };
  }
  return { ok: false, attempts: retry.attempts, error: last };
}

/** The wait before try n (n ≥ 2): initialDelayMs, doubled each time, at most maxDelayMs. */
export function delayBefore(n: number, retry: NotificationRetry): number {
  return Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (n - 2));
}

async function post(receiver: NotificationReceiver, body: object, id: string, timeoutMs: number): Promise<{ ok: true } | { ok: false; retryable: boolean; error: string }> {
  try {
    const res = await fetch(receiver.url, {
      method: 'POST',
      headers: { ...receiver.headers, 'content-type': 'application/json', 'user-agent': USER_AGENT, 'x-cutover-notification-id': id },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the body so the connection can be reused, and to quote the receiver's reason.
    const text = (await res.text()).slice(0, 200);
    if (res.ok) return { ok: true };
    return { ok: false, retryable: res.status >= 500 || res.status === 429 || res.status === 408, error: `HTTP ${res.status}${text ? `: ${text}` : ''}` };
  } catch (err) {
    return { ok: false, retryable: true, error: describe(err) };
  }
}

function describe(err: unknown): string {
  if (err instanceof Error && err.name === 'TimeoutError') return 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  return cause?.message ?? (err instanceof Error ? err.message : String(err));
}
