// Plain pub/sub for telemetry (health snapshots, traffic samples): at most once, no
// storage. Bad messages are still dead-lettered so a broken publisher is visible.
import type { Msg, NatsConnection } from 'nats';
import { decode, type MessageKey } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import { withIncomingTraceContext } from '@cutover/tracing';
import type { Clock, Handler, Stoppable } from './api';
import type { Rejected } from './dead-letter';
import { headersOf } from './headers';

export interface CoreSubscriptionDeps {
  nc: NatsConnection;
  log: Logger;
  clock: Clock;
  deadLetter: (r: Rejected) => Promise<void>;
}

export function subscribeCore<K extends MessageKey>(
  deps: CoreSubscriptionDeps,
  key: K,
  filter: string,
  handler: Handler<K>,
  consumer: string,
  queue?: string,
): Stoppable {
  const log = deps.log.child({ subscription: filter });
  const dispatch = async (msg: Msg) => {
    const headers = headersOf(msg.headers);
    let env;
    try {
      env = decode(key, msg.data);
    } catch (error) {
      log.warn('dead-lettering message', { subject: msg.subject, err: error });
      await deps.deadLetter({ subject: msg.subject, consumer, error, data: msg.data, headers, receivedAt: deps.clock.now() });
      return;
    }
    const ctx = { subject: msg.subject, deliveryCount: 1, headers };
    await withIncomingTraceContext(headers, env.deploymentId, () => handler(env, ctx));
  };
  const sub = deps.nc.subscribe(filter, {
    queue,
    callback: (err, msg) => {
      if (err) return log.error('subscription error', { err });
      dispatch(msg).catch((err: unknown) => log.error('handler failed', { subject: msg.subject, err }));
    },
  });
  return { stop: () => sub.drain() };
}
