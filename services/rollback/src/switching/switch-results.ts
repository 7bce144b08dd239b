// Switch results are followed from start-up on, for every service, so a switch-back never
// waits for a consumer to be created, and matched by the command's envelope id. Recent
// results are kept: a replica resuming a rollback another replica (or this process before
// a crash) already switched publishes the same command id, which JetStream drops as a
// duplicate, and finds its answer here. Following starts one duplicate window back so the
// answers a restarted process needs are among them.
import type { SwitchResult } from '@cutover/contracts';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { Bus, Stoppable } from '@cutover/messaging';

export interface PendingResult {
  /** The result, or null when none arrived within timeoutMs; may be called again to keep waiting. */
  within(timeoutMs: number): Promise<SwitchResult | null>;
  cancel(): void;
}

const REMEMBERED = 1000;

export class SwitchResults implements OnApplicationShutdown {
  private readonly waiting = new Map<string, (r: SwitchResult) => void>();
  /** Insertion-ordered, so the oldest is dropped first. */
  private readonly seen = new Map<string, SwitchResult>();
  private follower: Stoppable | null = null;

  /** Follows results published from `since` on. */
  async start(bus: Bus, since: Date): Promise<void> {
    this.follower = await bus.follow(
      'switchResult',
      async (env) => {
        this.remember(env.data);
        this.waiting.get(env.data.commandId)?.(env.data);
      },
      { startTime: since },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  expect(commandId: string): PendingResult {
    let settle!: (r: SwitchResult) => void;
    const result = new Promise<SwitchResult>((resolve) => (settle = resolve));
    const known = this.seen.get(commandId);
    if (known) settle(known);
    else this.waiting.set(commandId, settle);
    return {
      within: async (timeoutMs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
        try {
          return await Promise.race([result, timeout]);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: () => {
        this.waiting.delete(commandId);
      },
    };
  }

  private remember(result: SwitchResult): void {
    this.seen.delete(result.commandId);
    this.seen.set(result.commandId, result);
    if (this.seen.size > REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }
}
