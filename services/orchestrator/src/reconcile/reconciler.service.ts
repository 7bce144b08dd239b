// Drives every deployment toward its next phase. A pass reads the record and what the
// other services observed (environment, health, routing), asks the pure core what follows,
// writes the record with the revision it read, then performs the returned actions. Passes
// run on a short tick and as soon as a watched bucket changes.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CutoverConfig } from '@cutover/config';
import { environmentKey, isTerminal, type DeploymentRecord } from '@cutover/contracts';
import { reconcile, type Action, type Clock } from '@cutover/core';
import { BUS, KvConflictError, type Bus, type Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import type { RuntimeClient } from '@cutover/runtime';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import { publishPhaseChange } from '../deployment-events';
import { RUNTIME_CLIENT, STORES } from '../orchestrator.constants';
import type { Stores } from '../stores';
import { ActionThrottle } from './action-throttle';
import { switchCommandId } from './switch-command-id';
import { SwitchResults } from './switch-results';

const TICK_MS = 100;
const RESEND_AFTER_MS = 3_000;

@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly throttle = new ActionThrottle(RESEND_AFTER_MS);
  private readonly switchResults = new SwitchResults();
  private readonly watches: Stoppable[] = [];
  private timer: NodeJS.Timeout | null = null;
  private passRunning = false;
  private passWanted = false;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(RUNTIME_CLIENT) private readonly runtime: RuntimeClient,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.watches.push(
      await this.bus.follow('switchResult', async (env) => {
        this.switchResults.record(env.data);
        this.nudge();
      }, { deliver: 'new' }),
      await this.stores.environments.watch('>', () => this.nudge()),
      await this.stores.health.watch('>', () => this.nudge()),
      await this.stores.routing.watch('>', () => this.nudge()),
    );
    this.timer = setInterval(() => this.nudge(), TICK_MS);
    this.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.watches.map((w) => w.stop()));
  }

  /** Ask for a pass soon; passes never overlap, and requests during one coalesce. */
  nudge(): void {
    if (this.passRunning) {
      this.passWanted = true;
      return;
    }
    this.passRunning = true;
    void this.pass().finally(() => {
      this.passRunning = false;
      if (this.passWanted) {
        this.passWanted = false;
        setImmediate(() => this.nudge());
      }
    });
  }

  private async pass(): Promise<void> {
    await Promise.all(
      Object.keys(this.config.services).map((service) =>
        this.reconcileService(service).catch((err: unknown) => this.log.warn('reconcile failed', { service, err })),
      ),
    );
  }

  private async reconcileService(service: string): Promise<void> {
    const state = await this.stores.services.get(service);
    const id = state?.value.activeDeploymentId ?? state?.value.recentDeploymentIds[0];
    if (!id) return;
    const entry = await this.stores.deployments.get(id);
    if (!entry) return;
    const record = entry.value;
    if (isTerminal(record.phase)) {
      // Ended, perhaps by the rollback service: its switch results are of no more use.
      this.switchResults.forget(id);
      if (state!.value.activeDeploymentId === id) await this.releaseLock(service, id);
    }

    const [environment, health, routing, previousEnvironment] = await Promise.all([
      this.stores.environments.get(environmentKey(service, record.toColor)),
      this.stores.health.get(environmentKey(service, record.toColor)),
      this.stores.routing.get(service),
      record.fromColor ? this.stores.environments.get(environmentKey(service, record.fromColor)) : null,
    ]);
    const decision = reconcile(
      record,
      {
        environment: environment?.value ?? null,
        health: health?.value ?? null,
        routing: routing?.value ?? null,
        switchResult: this.switchResults.for(id),
        previousEnvironment: previousEnvironment?.value ?? null,
      },
      this.clock.now(),
    );

    if (decision.changed) {
      try {
        await this.stores.deployments.update(id, decision.record, entry.revision);
      } catch (e) {
        // Someone else (rollback, a verb, another pass) moved the record: decide again on the next pass.
        if (e instanceof KvConflictError) return this.nudge();
        throw e;
      }
      if (decision.record.phase !== record.phase) {
        this.log.info('phase', { deployment: id, from: record.phase, to: decision.record.phase, reason: decision.record.reason });
        await publishPhaseChange(this.bus, decision.record, record.phase, record.requestId ?? id);
      }
      if (isTerminal(decision.record.phase)) {
        this.switchResults.forget(id);
        await this.releaseLock(service, id);
      }
    }
    for (const action of decision.actions) await this.perform(decision.record, action);
  }

  private async releaseLock(service: string, id: string): Promise<void> {
    await this.stores.services.modify(service, (cur) =>
      cur && cur.value.activeDeploymentId === id ? { ...cur.value, activeDeploymentId: null } : null,
    );
  }

  private async perform(record: DeploymentRecord, action: Action): Promise<void> {
    const color = action.kind === 'requestSwitch' ? action.toColor : action.color;
    if (!this.throttle.take(`${record.id}:${action.kind}:${color}`, this.clock.now().getTime())) return;
    this.log.info('action', { deployment: record.id, action });
    try {
      switch (action.kind) {
        case 'ensureEnvironment':
          await this.runtime.ensure({
            service: record.service,
            color: action.color,
            version: action.version,
            env: action.env,
            ...(action.image ? { image: action.image } : {}),
          });
          break;
        case 'requestSwitch':
          await this.bus.publish(
            'switch',
            [],
            {
              service: record.service,
              toColor: action.toColor,
              expectedColor: action.expectedColor,
              deploymentId: record.id,
              reason: `deployment ${record.id} (${record.version})`,
            },
            { id: switchCommandId(record, action.toColor, this.clock.now(), RESEND_AFTER_MS), correlationId: record.requestId ?? record.id, deploymentId: record.id },
          );
          break;
        case 'scaleDown':
          await this.runtime.scaleDown({ service: record.service, color: action.color, reason: action.reason });
          break;
      }
    } catch (err) {
      this.log.warn('action failed; will retry', { deployment: record.id, kind: action.kind, err });
    }
  }
}
