// Puts traffic back with one switch command and waits for the switcher's answer. A
// command that got no answer is published again with the same envelope id: JetStream
// stores it once and the switcher treats a repeat as done, so retrying cannot switch twice.
import { randomUUID } from 'node:crypto';
import type { SwitchCommand, SwitchResult } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { SwitchBackTimeoutError } from '../errors';
import type { SwitchResults } from './switch-results';

export interface SwitchBackSettings {
  /** How long to wait for a result before publishing the command again (ms). */
  attemptTimeoutMs: number;
  attempts: number;
}

export const DEFAULT_SWITCH_BACK: SwitchBackSettings = { attemptTimeoutMs: 10_000, attempts: 3 };

export class SwitchBack {
  constructor(
    private readonly bus: Bus,
    private readonly results: SwitchResults,
    private readonly settings: SwitchBackSettings,
    private readonly log: Logger,
  ) {}

  /** Resolves with the switcher's result; throws SwitchBackTimeoutError when none came. */
  async run(cmd: SwitchCommand, trace: { correlationId: string; deploymentId: string }): Promise<SwitchResult> {
    const id = randomUUID();
    const pending = this.results.expect(id);
    try {
      for (let attempt = 1; attempt <= this.settings.attempts; attempt++) {
        await this.bus.publish('switch', [], cmd, { id, ...trace });
        const result = await pending.within(this.settings.attemptTimeoutMs);
        if (result) return result;
        this.log.warn('no switch result yet, sending the command again', { deployment: trace.deploymentId, commandId: id, attempt });
      }
    } finally {
      pending.cancel();
    }
    throw new SwitchBackTimeoutError(cmd.service, id, this.settings.attemptTimeoutMs * this.settings.attempts);
  }
}
