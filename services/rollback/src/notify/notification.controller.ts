// Thin edge: every notification, through its own durable consumer, so a receiver that is
// slow to answer never delays a rollback.
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Envelope, Notification } from '@cutover/contracts';
import type { CutoverPatternExtras } from '@cutover/messaging';
import { Notifier } from './notifier.service';

const notifications: CutoverPatternExtras = { durable: 'rollback-notify' };

@Controller()
export class NotificationController {
  constructor(private readonly notifier: Notifier) {}

  @EventPattern('notification', notifications)
  notification(@Payload() env: Envelope<Notification>): Promise<void> {
    return this.notifier.onNotification(env);
  }
}
