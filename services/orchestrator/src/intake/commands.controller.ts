// Thin edge: JetStream commands in, intake functions called, answers published.
import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CutoverConfig } from '@cutover/config';
import type { DeploymentVerb, Envelope, ReleaseCommand } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { BUS, type Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import { publishPhaseChange } from '../deployment-events';
import { STORES } from '../orchestrator.constants';
import { Reconciler } from '../reconcile/reconciler.service';
import type { Stores } from '../stores';
import { applyVerb, type Verb } from './deployment-verbs';
import { takeRelease } from './release-intake';
import { recordRejection } from './release-rejection';

@Controller()
export class CommandsController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly reconciler: Reconciler,
  ) {}

  @EventPattern('release')
  async release(@Payload() cmd: Envelope<ReleaseCommand>): Promise<void> {
    const result = await takeRelease(cmd, { config: this.config, stores: this.stores, clock: this.clock });
    if (!result.ok) {
      this.log.info('release rejected', { service: cmd.data.service, version: cmd.data.version, code: result.code });
      await recordRejection(this.bus, cmd, result);
      return;
    }
    // Published on every delivery: JetStream drops the duplicate by message id.
    await publishPhaseChange(this.bus, result.record, null, cmd.id);
    if (result.created) this.log.info('release accepted', { deployment: result.record.id, version: result.record.version });
    this.reconciler.nudge();
  }

  @EventPattern('approve')
  approve(@Payload() cmd: Envelope<DeploymentVerb>) {
    return this.verb('approve', cmd);
  }

  @EventPattern('abort')
  abort(@Payload() cmd: Envelope<DeploymentVerb>) {
    return this.verb('abort', cmd);
  }

  @EventPattern('promote')
  promote(@Payload() cmd: Envelope<DeploymentVerb>) {
    return this.verb('promote', cmd);
  }

  private async verb(verb: Verb, cmd: Envelope<DeploymentVerb>): Promise<void> {
    const outcome = await applyVerb(verb, cmd, { bus: this.bus, stores: this.stores, clock: this.clock });
    this.log.info(verb, { deployment: cmd.data.deploymentId, ok: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.message }) });
    if (outcome.ok) this.reconciler.nudge();
  }
}
