// Thin edge: health transitions and rollback commands in, each through its own durable
// consumer so a burst of transitions never delays a human's rollback.
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope, HealthTransition, RollbackCommand } from '@cutover/contracts';
import type { CutoverPatternExtras } from '@cutover/messaging';
import { Rollbacks } from './rollbacks.service';

const transitions: CutoverPatternExtras = { durable: 'rollback' };
const commands: CutoverPatternExtras = { durable: 'rollback-cmd' };

@Controller()
export class RollbackController {
  constructor(private readonly rollbacks: Rollbacks) {}

  @EventPattern('healthTransition', transitions)
  healthTransition(@Payload() env: Envelope<HealthTransition>): Promise<void> {
    return this.rollbacks.onTransition(env);
  }

  @EventPattern('rollback', commands)
  rollback(@Payload() env: Envelope<RollbackCommand>): Promise<void> {
    return this.rollbacks.onCommand(env);
  }
}
