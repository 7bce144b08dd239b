// Carries out switch commands: compare-and-set on the routing record, one idempotent
// switch of the router, a read-back, then the record (revision-checked) and the result.
// Refusals are results, not errors; only infrastructure failures throw, so JetStream
// redelivers the command and the idempotent path picks up where the crash left it.
import { Inject, Injectable } from '@nestjs/common';
import {
  environmentKey,
  type Color,
  type Envelope,
  type EnvironmentState,
  type SwitchCommand,
  type SwitchResult,
} from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { BUS, KvConflictError, type Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { Router } from '@cutover/router';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import type { CutoverConfig } from '@cutover/config';
import { RouterReadBackError, RouterSwitchError } from './errors';
import type { EnvironmentsKv, RoutingKv } from './kv-types';
import { FailedSwitches } from './failed-switches';
import { recordSwitch } from './routing-record';
import { tracedSwitch } from './switch-span';
import { decideSwitch } from './switch-decision';
import { ENVIRONMENTS_KV, ROUTER, ROUTING_KV } from './switcher.constants';

/** Another writer moved the record between our read and write this many times: give up (redelivery retries). */
const RECORD_ATTEMPTS = 3;
/** Longer than a deployment's queued repeats take to drain behind a switch that retried for its whole budget. */
const FAILED_SWITCH_MEMORY_MS = 2 * 60_000;

type Outcome = Pick<SwitchResult, 'ok' | 'fromColor' | 'code' | 'error'>;

@Injectable()
export class SwitchService {
  private readonly failed: FailedSwitches;

  constructor(
    @Inject(ROUTER) private readonly router: Router,
    @Inject(ROUTING_KV) private readonly routing: RoutingKv,
    @Inject(ENVIRONMENTS_KV) private readonly environments: EnvironmentsKv,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.failed = new FailedSwitches(FAILED_SWITCH_MEMORY_MS, clock);
  }

  async handle(env: Envelope<SwitchCommand>): Promise<SwitchResult> {
    const started = performance.now();
    const cmd = env.data;
    const outcome = await tracedSwitch(cmd, () => this.executeOnce(cmd));
    const result: SwitchResult = {
      commandId: env.id,
      service: cmd.service,
      ...(cmd.deploymentId ? { deploymentId: cmd.deploymentId } : {}),
      toColor: cmd.toColor,
      ...outcome,
      durationMs: Math.max(0, performance.now() - started),
    };
    await this.bus.publish('switchResult', [cmd.service], result, {
      correlationId: env.correlationId,
      deploymentId: env.deploymentId,
    });
    const fields = { commandId: env.id, service: cmd.service, toColor: cmd.toColor, ok: result.ok, code: result.code };
    if (result.ok) this.log.info('switch done', fields);
    else this.log.warn('switch refused', { ...fields, error: result.error });
    return result;
  }

  /** A repeat of a deployment's failed switch fails the same way, without touching the router. */
  private async executeOnce(cmd: SwitchCommand): Promise<Outcome> {
    const earlier = this.failed.find(cmd);
    if (earlier) return { ...earlier, error: [earlier.error, "(a repeat of this deployment's failed switch: not tried again)"].filter(Boolean).join(' ') };
    const outcome = await this.execute(cmd);
    if (!outcome.ok) this.failed.remember(cmd, outcome);
    return outcome;
  }

  private async execute(cmd: SwitchCommand): Promise<Outcome> {
    if (!this.config.services[cmd.service]) {
      return { ok: false, fromColor: null, code: 'unknown_service', error: `no service ${cmd.service} in the configuration` };
    }
    for (let attempt = 1; ; attempt++) {
      const [record, target] = await Promise.all([
        this.routing.get(cmd.service),
        this.environments.get(environmentKey(cmd.service, cmd.toColor)),
      ]);
      const decision = decideSwitch(cmd, record?.value ?? null, target?.value ?? null);
      if (decision.kind === 'refuse') {
        if (decision.code === 'stale_expected_color') await this.followRecord(cmd.service, record?.value.liveColor ?? null);
        return { ok: false, fromColor: decision.fromColor, code: decision.code, error: decision.reason };
      }
      try {
        // Already done: the record says so, but after a crash the router may not; switching
        // again is a no-op when it does.
        await this.switchRouter(cmd.service, cmd.toColor, decision.kind === 'switch' ? decision.target : null, cmd.deploymentId);
      } catch (err) {
        if (!(err instanceof RouterSwitchError || err instanceof RouterReadBackError)) throw err;
        return { ok: false, fromColor: decision.fromColor, code: err.code, error: err.message };
      }
      if (decision.kind === 'already_done') return { ok: true, fromColor: decision.fromColor };

      const next = recordSwitch(record?.value ?? null, cmd, {
        fromColor: decision.fromColor,
        version: decision.target.version,
        at: this.clock.now(),
      });
      try {
        if (record) await this.routing.update(cmd.service, next, record.revision);
        else await this.routing.create(cmd.service, next);
        return { ok: true, fromColor: decision.fromColor };
      } catch (err) {
        if (!(err instanceof KvConflictError) || attempt >= RECORD_ATTEMPTS) throw err;
        this.log.warn('routing record moved while switching, deciding again', { service: cmd.service, attempt });
      }
    }
  }

  /** Points the router at color (with the target's endpoints when given) and reads it back. */
  private async switchRouter(service: string, color: Color, target: EnvironmentState | null, deploymentId?: string): Promise<void> {
    let actual: Color | null;
    try {
      // The environments watch may lag behind the record we just read; the switch must not.
      if (target) this.router.setBackends(service, color, target.endpoints);
      await this.router.switchTo(service, color, deploymentId ? { deploymentId } : {});
      actual = await this.router.liveColor(service);
    } catch (cause) {
      throw new RouterSwitchError(service, color, { cause });
    }
    if (actual !== color) throw new RouterReadBackError(service, color, actual);
  }

  /** The record is the truth: a router that strayed from it (a lost race) is put back. */
  private async followRecord(service: string, recorded: Color | null): Promise<void> {
    if (!recorded || (await this.router.liveColor(service)) === recorded) return;
    this.log.warn('router differs from the routing record, following the record', { service, color: recorded });
    await this.router.switchTo(service, recorded);
  }
}
