// Tests wait on a condition with a deadline, never on a fixed sleep: a fixed sleep is
// either too short on a loaded machine or wastes time on an idle one.
import { CutoverError } from '@cutover/contracts';

export class WaitTimeoutError extends CutoverError {
  constructor(what: string, timeoutMs: number, options?: { cause?: unknown }) {
    super('timeout', `timed out after ${timeoutMs} ms waiting for ${what}`, options);
  }
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the error, so a failing test says what never happened. */
  what?: string;
}

/** Polls cond until it returns true; the last error cond threw becomes the timeout's cause. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 25, what = 'condition' }: WaitForOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await cond()) return;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(what, timeoutMs, { cause: lastError });
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
