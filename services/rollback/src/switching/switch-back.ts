// Puts traffic back with one switch command and waits for the switcher's answer. The
// command's envelope id is derived from the deployment (rolled back once) and the attempt,
// so replicas racing on one rollback send one message: JetStream drops the repeats. A
// retry gets the next id, since a switcher may drop a repeated id without answering; it
// cannot switch twice, because the switcher reads a repeat of a done switch from the
// routing record and answers that it is done.
import type { SwitchCommand, SwitchResult } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { SwitchBackTimeoutError } from '../errors';
import type { PendingResult, SwitchResults } from './switch-results';

export interface SwitchBackSettings {
  /** How long to wait for a result before publishing the command again (ms). */
  attemptTimeoutMs: number;
  attempts: number;
}

// Longer in all than a switcher may spend on one switch when the Kubernetes API is down
// (retried for 30 s, plus a 10 s request timeout), so an outage is not reported as no answer.
export const DEFAULT_SWITCH_BACK: SwitchBackSettings = { attemptTimeoutMs: 15_000, attempts: 4 };

export const switchBackCommandId = (deploymentId: string, attempt: number) => `${deploymentId}.switch-back.${attempt}`;

export class SwitchBack {
  constructor(
    private readonly bus: Bus,
    private readonly results: SwitchResults,
    private readonly settings: SwitchBackSettings,
    private readonly log: Logger,
  ) {}

  /** Resolves with the switcher's result; throws SwitchBackTimeoutError when none came. */
  async run(cmd: SwitchCommand, trace: { correlationId: string; deploymentId: string }): Promise<SwitchResult> {
    const pending: PendingResult[] = [];
    let id = '';
    try {
      for (let attempt = 1; attempt <= this.settings.attempts; attempt++) {
        id = switchBackCommandId(trace.deploymentId, attempt);
        pending.push(this.results.expect(id));
        await this.bus.publish('switch', [], cmd, { id, ...trace });
        // An answer to any attempt will do: they all ask for the same switch.
        const result = await Promise.race(pending.map((p) => p.within(this.settings.attemptTimeoutMs)));
        if (result) return result;
        this.log.warn('no switch result yet, sending the command again', { deployment: trace.deploymentId, commandId: id, attempt });
      }
    } finally {
      pending.forEach((p) => p.cancel());
    }
    throw new SwitchBackTimeoutError(cmd.service, id, this.settings.attemptTimeoutMs * this.settings.attempts);
  }
}
