// Thin edge: every notification, and every deployment event (announced as a notification),
// each through its own durable consumer, so a receiver that is slow to answer never delays
// a rollback.
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DeploymentEvent, Envelope, Notification } from '@cutover/contracts';
import type { CutoverPatternExtras } from '@cutover/messaging';
import { Notifier } from './notifier.service';

// Created on an existing installation, they start from now: receivers are not sent its past.
const notifications: CutoverPatternExtras = { durable: 'rollback-notify', startAt: 'new' };
const deployments: CutoverPatternExtras = { durable: 'rollback-announce', startAt: 'new' };

@Controller()
export class NotificationController {
  constructor(private readonly notifier: Notifier) {}

  @EventPattern('deploymentEvent', deployments)
  deploymentEvent(@Payload() env: Envelope<DeploymentEvent>): Promise<void> {
    return this.notifier.onDeploymentEvent(env);
  }

  @EventPattern('notification', notifications)
  notification(@Payload() env: Envelope<Notification>): Promise<void> {
    return this.notifier.onNotification(env);
  }
}
