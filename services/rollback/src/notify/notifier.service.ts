// Delivers every notification (rollbacks, warnings, refusals) to the receivers configured
// in cutover.yaml. The notification arrives through a durable consumer and is acknowledged
// only once each receiver took it or was given up on, so a restart mid-delivery sends it
// again rather than losing it. A receiver that stays down leaves a dead-letter record on
// cutover.dlq.notify-<receiver>, with the reason, instead of blocking the others.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { subjects, type DeadLetter, type DeploymentEvent, type Envelope, type Notification } from '@cutover/contracts';
import type { CutoverConfig, NotificationReceiver } from '@cutover/config';
import type { Clock } from '@cutover/core';
import { BUS, type Bus } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { CLOCK, CONFIG, LOGGER } from '@cutover/service-kit';
import { NotificationInterruptedError } from '../errors';
import { announcement } from './announcements';
import { deliver } from './delivery';
import { payloadFor, receiversFor } from './payloads';

@Injectable()
export class Notifier implements OnApplicationShutdown {
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: CutoverConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** A deployment's phase change worth telling people about becomes a notification (delivered by onNotification). */
  async onDeploymentEvent(env: Envelope<DeploymentEvent>): Promise<void> {
    const { deployment, previousPhase } = env.data;
    const notification = announcement(deployment, previousPhase);
    if (!notification) return;
    await this.bus.publish('notification', [deployment.service], notification, {
      id: `${deployment.id}.announce.${deployment.history.length}`,
      correlationId: env.correlationId,
      deploymentId: deployment.id,
    });
  }

  async onNotification(env: Envelope<Notification>): Promise<void> {
    const targets = receiversFor(this.config.notifications.receivers, env.data);
    const outcomes = await Promise.all(targets.map((r) => this.deliverTo(r, env)));
    // Shutting down: the message goes back to the stream for the next notifier.
    if (outcomes.includes('interrupted')) throw new NotificationInterruptedError(env.id);
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private async deliverTo(receiver: NotificationReceiver, env: Envelope<Notification>): Promise<'done' | 'interrupted'> {
    const body = payloadFor(receiver.kind, { id: env.id, time: env.time, notification: env.data });
    const outcome = await deliver(receiver, body, env.id, this.config.notifications.retry, { pause: (ms) => this.pause(ms) });
    const where = { receiver: receiver.name, service: env.data.service, title: env.data.title, attempts: outcome.attempts };
    if (outcome.ok) {
      this.log.info('notification delivered', where);
      return 'done';
    }
    if (this.shutdown.signal.aborted) return 'interrupted';
    this.log.warn('notification not delivered; dead-lettered', { ...where, error: outcome.error });
    await this.bus.publish('deadLetter', [consumerOf(receiver)], this.deadLetter(receiver, env, outcome.attempts, outcome.error), {
      id: `${env.id}.${receiver.name}`,
      correlationId: env.correlationId,
      ...(env.deploymentId ? { deploymentId: env.deploymentId } : {}),
    });
    return 'done';
  }

  private deadLetter(receiver: NotificationReceiver, env: Envelope<Notification>, attempts: number, error: string): DeadLetter {
    return {
      subject: subjects.notification(env.data.service),
      consumer: consumerOf(receiver),
      code: 'notification_undelivered',
      // The origin only: a Slack or Teams webhook URL's path is its secret.
      reason: `${receiver.kind} receiver "${receiver.name}" at ${new URL(receiver.url).origin} did not take the notification after ${attempts} ${attempts === 1 ? 'try' : 'tries'}: ${error}`,
      receivedAt: this.clock.now().toISOString(),
      raw: JSON.stringify(env),
      truncated: false,
      headers: {},
    };
  }

  private pause(ms: number): Promise<boolean> {
    const signal = this.shutdown.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

const consumerOf = (receiver: NotificationReceiver) => `notify-${receiver.name}`;
