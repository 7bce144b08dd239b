// The CLI's contract with scripts and CI: one meaning per code, documented in the README.
export const ExitCode = {
  /** Done; for `release --wait`: the release is live. */
  ok: 0,
  /** The operation ran and failed: deployment failed, rolled back or aborted; refused; timed out. */
  failed: 1,
  /** Bad command line or input: unknown flag, invalid version, env, name or config. */
  usage: 2,
  /** Cutover could not be reached: NATS down, or no Cutover process answering. */
  unreachable: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
