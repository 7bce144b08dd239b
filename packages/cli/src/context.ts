// What every command gets from main.ts instead of reaching for globals: where to write,
// the clock, the environment. Tests and `demo` can hand in their own.
import type { Clock } from '@cutover/core';
import type { Output } from './output';

export interface CliContext {
  /** Results: what a script would parse. */
  out: Output;
  /** Progress and hints for a human; stderr, so stdout stays clean for --json. */
  note(text: string): void;
  clock: Clock;
  env: NodeJS.ProcessEnv;
}
