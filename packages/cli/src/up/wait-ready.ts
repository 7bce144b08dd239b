// Waiting for a component: poll its readiness until a deadline, but give up at once when
// the process dies (its log then says more than any timeout would) or the start is called off.
import { CutoverError } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { StartupError } from '../errors';
import { formatDuration } from '../duration';
import { describeExit, type ManagedChild } from './child';

const POLL_MS = 100;
const TAIL_LINES = 15;

/** The start-up was aborted (Ctrl-C during `cutover up`); what had started is stopped. */
export class StartInterruptedError extends CutoverError {
  constructor(component: string) {
    super('interrupted', `start-up interrupted while waiting for ${component}`);
  }
}

export interface WaitReadyOptions {
  timeoutMs: number;
  clock: Clock;
  signal?: AbortSignal;
}

export async function waitReady(child: ManagedChild, ready: () => Promise<boolean>, opts: WaitReadyOptions): Promise<void> {
  const deadline = opts.clock.now().getTime() + opts.timeoutMs;
  const aborted = new Promise<void>((resolve) => opts.signal?.addEventListener('abort', () => resolve(), { once: true }));
  for (;;) {
    if (opts.signal?.aborted) throw new StartInterruptedError(child.name);
    if (child.hasExited()) throw failure(child, `exited during startup (${describeExit(await child.exited)})`);
    if (await ready()) return;
    if (opts.clock.now().getTime() >= deadline) throw failure(child, `was not ready within ${formatDuration(opts.timeoutMs)}`);
    await Promise.race([child.exited, aborted, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
  }
}

function failure(child: ManagedChild, what: string): StartupError {
  return new StartupError(`${child.name} ${what}; log: ${child.spec.logFile}`, { details: child.logTail(TAIL_LINES) });
}
