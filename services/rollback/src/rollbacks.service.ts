// The two ways into a rollback, automatic (a health transition) and manual (a command),
// and the one way through it: mark the record RollingBack with compare-and-set, switch
// traffic back, mark it RolledBack (or Failed), then leave diagnostics and tell people.
// The compare-and-set is what makes a redelivered or concurrent trigger harmless: only
// one writer moves the record into RollingBack, and a second trigger finds it there and
// resumes the same rollback, whose switch the switcher treats as already done.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DeploymentRecord, Envelope, HealthTransition, Notification, RollbackCommand } from '@cutover/contracts';
import { completeRollback, failRollback, type Clock, type VerbResult } from '@cutover/core';
import { BUS, type Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { RuntimeClient } from '@cutover/runtime';
import { CLOCK, LOGGER } from '@cutover/service-kit';
import { decline, type RollbackPlan } from './decide/decision';
import { decideOnCommand, latestDeploymentId } from './decide/on-command';
import { decideOnTransition } from './decide/on-transition';
import { publishPhaseChange, traceOf } from './deployment-events';
import { collectDiagnostics } from './diagnostics/collect';
import { rollbackFailed, rollbackRefused, rolledBack } from './notify/messages';
import { inRollbackSpan, inRollbackStep } from './rollback-spans';
import { RUNTIME_CLIENT, STORES, SWITCH_BACK } from './rollback.constants';
import type { Stores } from './stores';
import type { SwitchBack } from './switching/switch-back';

const REASON_LIMIT = 1000;

/** What started a rollback, for the switch command, the bundle and the notification. */
interface Cause {
  text: string;
  trigger: HealthTransition | null;
}

@Injectable()
export class Rollbacks implements OnApplicationShutdown {
  /** Reports still being written; consumers handle one message at a time, so they must not wait for these. */
  private readonly reporting = new Set<Promise<void>>();

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(RUNTIME_CLIENT) private readonly runtime: RuntimeClient,
    @Inject(SWITCH_BACK) private readonly switchBack: SwitchBack,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.reporting);
  }

  async onTransition(env: Envelope<HealthTransition>): Promise<void> {
    const t = env.data;
    const state = await this.stores.services.get(t.service);
    const id = state?.value.activeDeploymentId ?? null;
    const { plan, record } = id
      ? await this.begin(id, (r) => decideOnTransition(t, r, this.clock.now()))
      : { plan: decideOnTransition(t, null, this.clock.now()), record: null };
    if (plan.kind === 'decline' || !record) {
      this.log.debug('transition ignored', { service: t.service, color: t.color, to: t.to, why: plan.kind === 'decline' ? plan.reason : 'no record' });
      return;
    }
    this.log.info(plan.kind === 'begin' ? 'rolling back' : 'resuming rollback', { deployment: record.id, color: t.color, to: t.to, reason: t.reason });
    await this.carryOut(record, plan, { text: t.reason, trigger: t });
  }

  async onCommand(env: Envelope<RollbackCommand>): Promise<void> {
    const cmd = env.data;
    const latestId = latestDeploymentId((await this.stores.services.get(cmd.service))?.value ?? null);
    const routing = (await this.stores.routing.get(cmd.service))?.value ?? null;
    const { plan, record } = latestId
      ? await this.begin(latestId, (r) => decideOnCommand(cmd, latestId, r, routing, this.clock.now()))
      : { plan: decideOnCommand(cmd, null, null, routing, this.clock.now()), record: null };
    if (plan.kind === 'decline' || !record) {
      const reason = plan.kind === 'decline' ? plan.reason : `deployment ${latestId} of ${cmd.service} was not found`;
      this.log.info('rollback refused', { service: cmd.service, by: cmd.by, reason, command: env.id });
      await this.bus.publish('notification', [cmd.service], rollbackRefused(cmd.service, reason, latestId ?? undefined), {
        id: `${env.id}.refused`,
        correlationId: env.correlationId,
        ...(latestId ? { deploymentId: latestId } : {}),
      });
      return;
    }
    this.log.info(plan.kind === 'begin' ? 'rolling back on request' : 'resuming rollback', { deployment: record.id, by: cmd.by, reason: cmd.reason });
    await this.carryOut(record, plan, { text: `${cmd.reason} (requested by ${cmd.by ?? 'an unnamed operator'})`, trigger: null });
  }

  /**
   * Decides on the stored record and writes RollingBack with compare-and-set; when the
   * write loses, the record is read again and the decision made again on what won.
   * Returns the RollingBack record, or the reason to do nothing.
   */
  private async begin(id: string, decide: (r: DeploymentRecord | null) => RollbackPlan): Promise<{ plan: RollbackPlan; record: DeploymentRecord | null }> {
    let plan: RollbackPlan = decline(`deployment ${id} was not found`);
    const entry = await this.stores.deployments.modify(id, (current) => {
      plan = decide(current?.value ?? null);
      return plan.kind === 'begin' ? plan.record : null;
    });
    return { plan, record: entry?.value ?? null };
  }

  private carryOut(record: DeploymentRecord, plan: RollbackPlan, cause: Cause): Promise<void> {
    return inRollbackSpan(record, cause.text, cause.trigger, () => this.carryOutTraced(record, plan, cause));
  }

  private async carryOutTraced(record: DeploymentRecord, plan: RollbackPlan, cause: Cause): Promise<void> {
    const previous = record.history.at(-2)?.phase ?? null;
    // The switch command goes out first: the event can wait a millisecond, traffic cannot.
    const switching = inRollbackStep('switch back', record, () => this.switchTrafficBack(record, cause), (r) => (r.ok ? null : r.error));
    const announced = plan.kind === 'begin' ? publishPhaseChange(this.bus, record, previous) : Promise.resolve();
    const [result] = await Promise.all([switching, announced]);
    const settled = await this.settle(record.id, (r) => (result.ok ? completeRollback(r, this.clock.now()) : failRollback(r, result.error, this.clock.now())));
    if (!settled) return; // a concurrent run of the same rollback settled it and reports it
    await publishPhaseChange(this.bus, settled, 'RollingBack');
    this.log.info(result.ok ? 'rolled back' : 'rollback failed', { deployment: settled.id, message: settled.message });
    this.reportLater(settled, result.ok ? rolledBack(settled, cause.text) : rollbackFailed(settled, result.error), cause);
  }

  private async switchTrafficBack(record: DeploymentRecord, cause: Cause): Promise<{ ok: true } | { ok: false; error: string }> {
    if (record.fromColor === null) return { ok: false, error: 'there is no previous color to go back to' };
    const result = await this.switchBack.run(
      {
        service: record.service,
        toColor: record.fromColor,
        expectedColor: record.toColor,
        deploymentId: record.id,
        reason: `rollback of ${record.id}: ${cause.text}`.slice(0, REASON_LIMIT),
      },
      traceOf(record),
    );
    return result.ok ? { ok: true } : { ok: false, error: `${result.code ?? 'switch_failed'}: ${result.error ?? 'the switcher gave no reason'}` };
  }

  /** RollingBack → RolledBack or Failed, unless the record is no longer RollingBack. */
  private async settle(id: string, verb: (r: DeploymentRecord) => VerbResult): Promise<DeploymentRecord | null> {
    let written: DeploymentRecord | null = null;
    await this.stores.deployments.modify(id, (current) => {
      const result = current?.value.phase === 'RollingBack' ? verb(current.value) : null;
      written = result?.ok ? result.record : null;
      return written;
    });
    return written;
  }

  /**
   * Diagnostics and notification come after traffic is back and the verdict is stored, off
   * the consumer's path: the runtime agent may take seconds to answer, and the next
   * degradation of another service must not wait for that.
   */
  private reportLater(record: DeploymentRecord, notification: Notification, cause: Cause): void {
    const done = this.report(record, notification, cause)
      .catch((err: unknown) => this.log.error('rollback not reported', { deployment: record.id, err }))
      .finally(() => this.reporting.delete(done));
    this.reporting.add(done);
  }

  private async report(record: DeploymentRecord, notification: Notification, cause: Cause): Promise<void> {
    try {
      const bundle = await inRollbackStep('diagnostics', record, () =>
        collectDiagnostics({ bus: this.bus, stores: this.stores, runtime: this.runtime, clock: this.clock, log: this.log }, record, cause.text, cause.trigger),
      );
      await this.stores.diagnostics.put(record.id, bundle);
    } catch (err) {
      this.log.error('diagnostics bundle not saved', { deployment: record.id, err });
    }
    await this.bus.publish('notification', [record.service], notification, { id: `${record.id}.n${record.history.length}`, ...traceOf(record) });
  }
}
