// An ordered, ephemeral view of a stream for watchers (the CLI waiting for a verdict, a
// dashboard): nothing to acknowledge, nothing left behind on the server, and nats.js
// recreates it at the right position after a reconnect.
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type OrderedConsumerOptions } from 'nats';
import { decode, type MessageKey } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import { withIncomingTraceContext } from '@cutover/tracing';
import type { FollowOptions, Handler, Stoppable } from './api';
import { headersOf } from './headers';
import { streamFor, subjectWildcard } from './topology';

export async function follow<K extends MessageKey>(
  js: JetStreamClient,
  log: Logger,
  key: K,
  handler: Handler<K>,
  opts: FollowOptions,
): Promise<Stoppable> {
  const filter = opts.filter ?? subjectWildcard(key);
  const consumerOpts: Partial<OrderedConsumerOptions> = { filterSubjects: filter };
  if (opts.startTime) {
    consumerOpts.deliver_policy = DeliverPolicy.StartTime;
    consumerOpts.opt_start_time = opts.startTime.toISOString();
  } else if (opts.deliver !== 'all') {
    consumerOpts.deliver_policy = DeliverPolicy.New;
  }
  // For 'all' no policy is set: nats.js then starts at sequence 1, while an explicit
  // DeliverPolicy.All with its start sequence is refused by the server, and retried for minutes.
  const consumer = await js.consumers.get(streamFor(key), consumerOpts);
  const messages = await consumer.consume();
  const followLog = log.child({ follow: filter });
  let stopped = false;
  const guarded: Handler<K> = async (env, ctx) => (stopped ? undefined : handler(env, ctx));
  const loop = deliver(messages, followLog, key, guarded).catch((err: unknown) => followLog.error('follow ended', { err }));
  return {
    stop: async () => {
      stopped = true;
      await messages.close();
      await loop;
    },
  };
}

async function deliver<K extends MessageKey>(messages: ConsumerMessages, log: Logger, key: K, handler: Handler<K>): Promise<void> {
  for await (const msg of messages) {
    let env;
    try {
      env = decode(key, msg.data);
    } catch (err) {
      log.warn('skipping invalid message', { subject: msg.subject, seq: msg.seq, err });
      continue;
    }
    try {
      const headers = headersOf(msg.headers);
      const ctx = { subject: msg.subject, deliveryCount: msg.info.deliveryCount, headers };
      await withIncomingTraceContext(headers, env.deploymentId, () => handler(env, ctx));
    } catch (err) {
      log.error('follow handler failed', { subject: msg.subject, id: env.id, err });
    }
  }
}
