// Failures of API calls as KubernetesApiError carrying the server's own message
// ("pods is forbidden: exceeded quota ..."), not the client's "Unsuccessful HTTP Request".
// Failures that usually pass (see retry.ts) are retried first.
import { KubernetesApiError } from './errors';
import { reportApiError } from './observer';
import { withRetries, type RetryOptions } from './retry';

/** Runs one API call, retrying what may pass; every failure becomes a KubernetesApiError with the server's message. */
export async function call<T>(operation: string, fn: () => Promise<T>, opts?: RetryOptions): Promise<T> {
  try {
    return await withRetries(operation, () => attempt(operation, fn), opts);
  } catch (err) {
    reportApiError(err as KubernetesApiError);
    throw err;
  }
}

/** Like call, but a 404 is null (and not reported as a failure). */
export async function readOrNull<T>(operation: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await withRetries(operation, () => attempt(operation, fn));
  } catch (err) {
    if ((err as KubernetesApiError).status === 404) return null;
    reportApiError(err as KubernetesApiError);
    throw err;
  }
}

async function attempt<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    const status = statusOf(cause);
    throw new KubernetesApiError(operation, status, detailOf(cause, status), { cause, retryAfterMs: retryAfterOf(cause) });
  }
}

/** A label selector as the API takes it: `k=v,k2=v2`. */
export const selectorText = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

// The client's ApiException carries the HTTP status as `code` and the server's Status as `body`.
function statusOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' && 'body' in (err as object) ? code : undefined;
}

// Only the delay-seconds form: the API server never sends an HTTP date.
function retryAfterOf(err: unknown): number | undefined {
  const headers = (err as { headers?: Record<string, string> } | null)?.headers;
  const seconds = Number(headers?.['retry-after']);
  return headers?.['retry-after'] !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function detailOf(err: unknown, status: number | undefined): string {
  if (status === undefined) return err instanceof Error ? err.message : String(err);
  const raw = (err as { body?: unknown }).body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  const body: unknown = typeof text === 'string' ? parseJson(text) : text;
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? `${message} (HTTP ${status})` : `HTTP ${status}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
