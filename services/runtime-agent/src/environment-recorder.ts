import { environmentKey, type EnvironmentState } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { EnvironmentsKv } from '@cutover/runtime';

// A KV write that fails while NATS reconnects is tried again for about 15 s.
const PUT_ATTEMPTS = 8;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 4000;

/**
 * Writes every environment state to KV, then publishes it as an event. Writes of one
 * environment keep their order; a state superseded while its write was failing is not
 * retried, because the newer one carries everything it said.
 */
export class EnvironmentRecorder {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly newest = new Map<string, EnvironmentState>();

  constructor(
    private readonly kv: EnvironmentsKv,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  record(state: EnvironmentState): void {
    const key = environmentKey(state.service, state.color);
    this.newest.set(key, state);
    const chain = (this.chains.get(key) ?? Promise.resolve()).then(() => this.write(key, state));
    this.chains.set(key, chain);
  }

  /** Resolves once everything recorded so far is written (or given up on). */
  async flush(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  private async write(key: string, state: EnvironmentState): Promise<void> {
    const fields = { key, status: state.status, reason: state.reason };
    try {
      await this.put(key, state);
      await this.bus.publish('environmentEvent', [state.service, state.color], state);
      this.log.info('environment state', fields);
    } catch (err) {
      this.log.error('cannot record environment state', { ...fields, err });
    }
  }

  private async put(key: string, state: EnvironmentState): Promise<void> {
    let pause = FIRST_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.kv.put(key, state);
        return;
      } catch (err) {
        if (attempt >= PUT_ATTEMPTS || this.newest.get(key) !== state) throw err;
        this.log.warn('retrying environment state write', { key, attempt, err });
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, MAX_RETRY_MS);
      }
    }
  }
}
