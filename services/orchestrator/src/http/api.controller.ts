// The HTTP API: the same intake as the JetStream commands, answered synchronously.
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { CutoverConfig } from '@cutover/config';
import {
  DeploymentVerbSchema,
  encode,
  ReleaseCommandSchema,
  RollbackCommandSchema,
  validate,
  ValidationError,
  type DeploymentRecord,
} from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { BUS, type Bus } from '@cutover/messaging';
import { CallerName, CLOCK, CONFIG, RequireScope, ScopeGuard } from '@cutover/service-kit';
import { publishPhaseChange } from '../deployment-events';
import { applyVerb, type Verb } from '../intake/deployment-verbs';
import { takeRelease } from '../intake/release-intake';
import { recordRejection } from '../intake/release-rejection';
import { STORES } from '../orchestrator.constants';
import { Reconciler } from '../reconcile/reconciler.service';
import type { Stores } from '../stores';

const SOURCE = 'orchestrator-http';

function checked<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) throw new BadRequestException({ error: e.code, message: e.message, problems: e.problems });
    throw e;
  }
}

@Controller('api')
@UseGuards(ScopeGuard)
export class ApiController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly reconciler: Reconciler,
  ) {}

  @Post('releases')
  @RequireScope('release')
  async release(@Body() body: unknown): Promise<{ deployment: DeploymentRecord }> {
    const data = checked(() => validate(ReleaseCommandSchema, body, 'release'));
    const cmd = encode('release', data, { source: SOURCE });
    const result = await takeRelease(cmd, { config: this.config, stores: this.stores, clock: this.clock });
    if (!result.ok) {
      // On record like a refusal from NATS, so the verdict can be found later by requestId.
      await recordRejection(this.bus, cmd, result);
      const payload = { error: result.code, message: result.message, requestId: cmd.id };
      throw result.code === 'unknown_service' ? new NotFoundException(payload) : new ConflictException(payload);
    }
    await publishPhaseChange(this.bus, result.record, null, cmd.id);
    this.reconciler.nudge();
    return { deployment: result.record };
  }

  @Get('deployments/:id')
  @RequireScope('read')
  async deployment(@Param('id') id: string): Promise<DeploymentRecord> {
    const entry = await this.stores.deployments.get(id).catch(() => null);
    if (!entry) throw new NotFoundException({ error: 'unknown_deployment', message: `no deployment ${id}` });
    return entry.value;
  }

  @Get('services')
  @RequireScope('read')
  async services() {
    return Promise.all(Object.keys(this.config.services).map((name) => this.service(name)));
  }

  @Get('services/:name')
  @RequireScope('read')
  async service(@Param('name') name: string) {
    if (!this.config.services[name]) throw new NotFoundException({ error: 'unknown_service', message: `unknown service "${name}"` });
    const [routing, state] = await Promise.all([this.stores.routing.get(name), this.stores.services.get(name)]);
    const lastId = state?.value.activeDeploymentId ?? state?.value.recentDeploymentIds[0];
    const last = lastId ? await this.stores.deployments.get(lastId) : null;
    return { service: name, routing: routing?.value ?? null, activeDeploymentId: state?.value.activeDeploymentId ?? null, lastDeployment: last?.value ?? null };
  }

  @Post('deployments/:id/approve')
  @RequireScope('approve')
  @HttpCode(200)
  approve(@Param('id') id: string, @Body() body: unknown, @CallerName() caller: string | null): Promise<DeploymentRecord> {
    return this.verb('approve', id, asCaller(body, caller));
  }

  @Post('deployments/:id/abort')
  @RequireScope('approve')
  @HttpCode(200)
  abort(@Param('id') id: string, @Body() body: unknown, @CallerName() caller: string | null): Promise<DeploymentRecord> {
    return this.verb('abort', id, asCaller(body, caller));
  }

  @Post('deployments/:id/promote')
  @RequireScope('approve')
  @HttpCode(200)
  promote(@Param('id') id: string, @Body() body: unknown, @CallerName() caller: string | null): Promise<DeploymentRecord> {
    return this.verb('promote', id, asCaller(body, caller));
  }

  private async verb(verb: Verb, id: string, body: unknown): Promise<DeploymentRecord> {
    const data = checked(() => validate(DeploymentVerbSchema, { ...(body as object), deploymentId: id }, verb));
    const cmd = encode(verb, data, { source: SOURCE });
    const outcome = await applyVerb(verb, cmd, { bus: this.bus, stores: this.stores, clock: this.clock });
    if (!outcome.ok) {
      const payload = { error: outcome.code, message: outcome.message };
      throw outcome.code === 'unknown_deployment' ? new NotFoundException(payload) : new ConflictException(payload);
    }
    this.reconciler.nudge();
    return outcome.record;
  }

  /** Rollback belongs to the rollback service: queue the command durably and say where to look. */
  @Post('services/:name/rollback')
  @RequireScope('admin')
  @HttpCode(202)
  async rollback(@Param('name') name: string, @Body() body: unknown, @CallerName() caller: string | null) {
    const data = checked(() => validate(RollbackCommandSchema, { reason: 'manual rollback', ...(asCaller(body, caller) as object), service: name }, 'rollback'));
    if (!this.config.services[name]) throw new NotFoundException({ error: 'unknown_service', message: `unknown service "${name}"` });
    const env = await this.bus.publish('rollback', [], data, { id: randomUUID() });
    return { accepted: true, commandId: env.id };
  }
}

/** With authentication on, the token's name is who acted, whatever the body claims. */
function asCaller(body: unknown, caller: string | null): unknown {
  if (caller === null || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...body, by: caller };
}
