// Switch results are followed from start-up on, for every service, so a switch-back never
// waits for a consumer to be created: a waiter is registered before its command is
// published and the result is matched by the command's envelope id.
import type { SwitchResult } from '@cutover/contracts';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { Bus, Stoppable } from '@cutover/messaging';

export interface PendingResult {
  /** The result, or null when none arrived within timeoutMs; may be called again to keep waiting. */
  within(timeoutMs: number): Promise<SwitchResult | null>;
  cancel(): void;
}

export class SwitchResults implements OnApplicationShutdown {
  private readonly waiting = new Map<string, (r: SwitchResult) => void>();
  private follower: Stoppable | null = null;

  async start(bus: Bus): Promise<void> {
    this.follower = await bus.follow(
      'switchResult',
      async (env) => {
        this.waiting.get(env.data.commandId)?.(env.data);
      },
      { deliver: 'new' },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  expect(commandId: string): PendingResult {
    let settle!: (r: SwitchResult) => void;
    const result = new Promise<SwitchResult>((resolve) => (settle = resolve));
    this.waiting.set(commandId, settle);
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
}
