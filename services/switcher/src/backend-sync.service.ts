// Keeps the router's endpoints in step with the runtime's record of every environment.
// A ready environment gives its endpoints; a stopped or failed one loses them, except the
// live one: cutting the live color's endpoints would turn a partial failure into a full
// outage, and getting traffic off a failing live color is the health-monitor's and the
// rollback service's decision, not ours.
import { Inject, Injectable } from '@nestjs/common';
import { COLORS, type Color, type EnvironmentState } from '@cutover/contracts';
import type { KvChange, Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { Router } from '@cutover/router';
import { CONFIG, LOGGER } from '@cutover/service-kit';
import type { CutoverConfig } from '@cutover/config';
import type { EnvironmentsKv } from './kv-types';
import { ENVIRONMENTS_KV, ROUTER } from './switcher.constants';

@Injectable()
export class BackendSync {
  private watch: Stoppable | null = null;
  /** Changes are applied one at a time, in the order the watch delivers them. */
  private applied: Promise<void> = Promise.resolve();

  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(ENVIRONMENTS_KV) private readonly environments: EnvironmentsKv,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** Resolves once every environment known now is applied; later changes follow. */
  async start(): Promise<void> {
    this.watch = await this.environments.watch('>', (change) => {
      this.applied = this.applied.then(() => this.apply(change)).catch((err: unknown) => {
        this.log.error('cannot apply environment change', { key: change.key, err });
      });
    });
    await this.applied;
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
    this.watch = null;
    await this.applied;
  }

  private async apply(change: KvChange<EnvironmentState>): Promise<void> {
    const [service, color] = change.key.split('.') as [string, Color | undefined];
    if (!this.config.services[service] || !color || !COLORS.includes(color)) return;
    const state = 'deleted' in change ? null : change.value;
    if (state?.status === 'ready') {
      this.router.setBackends(service, color, state.endpoints);
      return;
    }
    const gone = state === null || state.status === 'stopped' || state.status === 'failed';
    if (!gone) return;
    if ((await this.router.liveColor(service)) !== color) {
      this.router.setBackends(service, color, []);
    } else if (state && state.endpoints.length > 0) {
      // After a restart the router knows nothing yet: what the runtime still lists beats nothing.
      this.router.setBackends(service, color, state.endpoints);
    }
  }
}
