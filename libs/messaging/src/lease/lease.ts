// Work only one replica may do at a time. Each tick reads the lease and creates, renews or
// takes it over with compare-and-set; the holder gives the work up as soon as it cannot
// renew for two thirds of the time to live, before any standby may take over at the full
// time to live, so two replicas never do the work at once.
import { performance } from 'node:perf_hooks';
import type { Lease as LeaseRecord, LeaseSchema } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import type { Clock, Stoppable, TypedKv } from '../api';
import { KvConflictError } from '../errors';
import { leaseStep, observe, type Seen } from './lease-step';

export const DEFAULT_LEASE_TTL_MS = 3000;

export interface LeaseOptions {
  kv: TypedKv<typeof LeaseSchema>;
  name: string;
  /** This replica: stable across its restarts, so a restarted holder takes its lease straight back. */
  holder: string;
  ttlMs?: number;
  clock: Clock;
  log: Logger;
  /** Start the work. */
  onAcquired: () => Promise<void> | void;
  /** Stop the work at once: another replica may be about to start it. */
  onLost: () => Promise<void> | void;
}

export class Lease implements Stoppable {
  private readonly ttlMs: number;
  private held = false;
  private seen: Seen | null = null;
  private lastRenewMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: LeaseOptions) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  }

  get isHeld(): boolean {
    return this.held;
  }

  start(): void {
    const tick = () => {
      this.ticking = this.tick().catch((err: unknown) => this.opts.log.error('lease tick failed', { lease: this.opts.name, err }));
    };
    tick();
    this.timer = setInterval(() => void this.ticking.then(tick), this.ttlMs / 3);
  }

  /** Stops the work and hands the lease over at once instead of after the time to live. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (!this.held) return;
    await this.lose('stopping');
    await this.opts.kv.delete(this.opts.name).catch((err: unknown) => this.opts.log.warn('could not hand the lease over', { lease: this.opts.name, err }));
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const nowMs = performance.now();
    try {
      const entry = await this.opts.kv.get(this.opts.name);
      this.seen = observe(entry, this.seen, nowMs);
      const step = leaseStep(this.opts.holder, entry, this.seen, nowMs, this.ttlMs);
      switch (step.kind) {
        case 'create':
          await this.opts.kv.create(this.opts.name, this.record());
          return this.renewed(nowMs);
        case 'renew':
        case 'takeOver':
          await this.opts.kv.update(this.opts.name, this.record(), step.revision);
          return this.renewed(nowMs);
        case 'wait':
          if (this.held) await this.lose(`${entry!.value.holder} holds it`);
          return;
      }
    } catch (err) {
      if (err instanceof KvConflictError && this.held) return this.lose('another replica wrote it first');
      if (this.held && nowMs - this.lastRenewMs > (this.ttlMs * 2) / 3) return this.lose(`cannot renew it: ${(err as Error).message}`);
      if (!(err instanceof KvConflictError)) this.opts.log.warn('lease not renewed', { lease: this.opts.name, err });
    }
  }

  private record(): LeaseRecord {
    return { name: this.opts.name, holder: this.opts.holder, renewedAt: this.opts.clock.now().toISOString() };
  }

  private async renewed(nowMs: number): Promise<void> {
    this.lastRenewMs = nowMs;
    if (this.held) return;
    this.held = true;
    this.opts.log.info('lease acquired', { lease: this.opts.name, holder: this.opts.holder });
    await this.opts.onAcquired();
  }

  private async lose(why: string): Promise<void> {
    if (!this.held) return;
    this.held = false;
    this.opts.log.warn('lease lost', { lease: this.opts.name, holder: this.opts.holder, why });
    await this.opts.onLost();
  }
}
