// The orchestrator sends a deployment's switch command again every few seconds until it has
// an answer, so while one attempt is slow (the Kubernetes API retried for up to 30 s) its
// repeats queue up behind it. Once an attempt failed, the deployment has failed and the
// color it asked for is being scaled down: a repeat carried out now would move traffic to
// it. So a repeat of a failed switch gets the same answer, without touching the router.
import type { SwitchCommand, SwitchResult } from '@cutover/contracts';
import type { Clock } from '@cutover/core';

export type FailedOutcome = Pick<SwitchResult, 'ok' | 'fromColor' | 'code' | 'error'>;

interface Remembered {
  outcome: FailedOutcome;
  at: number;
}

export class FailedSwitches {
  private readonly failed = new Map<string, Remembered>();

  /** forgetAfterMs: longer than the repeats already queued can take to drain. */
  constructor(
    private readonly forgetAfterMs: number,
    private readonly clock: Clock,
  ) {}

  remember(cmd: SwitchCommand, outcome: FailedOutcome): void {
    const key = keyOf(cmd);
    if (!key) return;
    this.prune();
    this.failed.set(key, { outcome, at: this.clock.now().getTime() });
  }

  /** The failure of an earlier attempt of this deployment's switch to this color, if it is recent. */
  find(cmd: SwitchCommand): FailedOutcome | null {
    const key = keyOf(cmd);
    const entry = key ? this.failed.get(key) : undefined;
    if (!entry || this.clock.now().getTime() - entry.at > this.forgetAfterMs) return null;
    return entry.outcome;
  }

  private prune(): void {
    const now = this.clock.now().getTime();
    for (const [key, entry] of this.failed) if (now - entry.at > this.forgetAfterMs) this.failed.delete(key);
  }
}

/**
 * A repeat asks for the same thing for the same reason. Only commands of a deployment are
 * repeated; one without is the operator's own, and a new rollback gives a new reason.
 */
const keyOf = (cmd: SwitchCommand): string | null =>
  cmd.deploymentId ? JSON.stringify([cmd.service, cmd.deploymentId, cmd.expectedColor, cmd.toColor, cmd.reason]) : null;
