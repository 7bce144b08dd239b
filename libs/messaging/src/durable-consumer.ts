// A durable pull consumer: every message is handled and acknowledged, or redelivered after
// a delay when the handler throws, or dead-lettered when it cannot be decoded or keeps
// failing. Replicas using the same durable name share the messages.
import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  nanos,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import { decode, token, type Envelope, type MessageKey } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';
import { withIncomingTraceContext } from '@cutover/tracing';
import type { Clock, ConsumeOptions, Handler, MessageContext, Stoppable } from './api';
import type { Rejected } from './dead-letter';
import { HandlerFailedError, TopologyError } from './errors';
import { headersOf } from './headers';
import { RecentIds } from './lru';
import { streamFor, subjectWildcard } from './topology';

export type DeadLetterSink = (r: Rejected, dedupId: string) => Promise<void>;

export interface DurableConsumerDeps {
  js: JetStreamClient;
  jsm: JetStreamManager;
  log: Logger;
  clock: Clock;
  deadLetter: DeadLetterSink;
}

// A message held by a process that died is handed out again after ackWait: short, so a
// switch-back taken by a switcher killed mid-rollback runs seconds later, not half a minute.
// A slow handler is not redelivered meanwhile: it reports it is working every ackWait / 2.
const DEFAULTS = { ackWaitMs: 5_000, maxDeliver: 10, retryDelayMs: 1000, prefetch: 8 };
const MAX_RETRY_DELAY_MS = 60_000;
const RECENT_IDS = 1000;
const RESTART_PAUSE_MS = 1000;

export class DurableConsumer<K extends MessageKey> implements Stoppable {
  private readonly stream: string;
  private readonly filter: string;
  private readonly settings: typeof DEFAULTS;
  private readonly recent = new RecentIds(RECENT_IDS);
  private readonly log: Logger;
  private messages: ConsumerMessages | null = null;
  private stopping = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: DurableConsumerDeps,
    private readonly key: K,
    private readonly handler: Handler<K>,
    private readonly opts: ConsumeOptions,
  ) {
    token(opts.durable, 'durable consumer name');
    this.stream = streamFor(key);
    this.filter = opts.filter ?? subjectWildcard(key);
    this.settings = {
      ackWaitMs: opts.ackWaitMs ?? DEFAULTS.ackWaitMs,
      maxDeliver: opts.maxDeliver ?? DEFAULTS.maxDeliver,
      retryDelayMs: opts.retryDelayMs ?? DEFAULTS.retryDelayMs,
      prefetch: opts.prefetch ?? DEFAULTS.prefetch,
    };
    this.log = deps.log.child({ consumer: opts.durable, stream: this.stream });
  }

  /** Creates (or updates) the durable consumer, then handles messages in the background. */
  async start(): Promise<void> {
    await this.ensure();
    this.loop = this.run(await this.open());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
  }

  // No consumer-level BackOff: nats-server 2.9 lets it override the delay of an explicit
  // nak, so the growing retry delay is sent with each nak instead (see retryOrGiveUp).
  private config(): Partial<ConsumerConfig> {
    return {
      durable_name: this.opts.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.opts.startAt === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      filter_subject: this.filter,
      ack_wait: nanos(this.settings.ackWaitMs),
      max_deliver: this.settings.maxDeliver,
    };
  }

  private async ensure(): Promise<void> {
    try {
      // The server returns the existing consumer when the config is the same, and
      // updates it when only updatable fields differ, so replicas may race here.
      await this.deps.jsm.consumers.add(this.stream, this.config());
    } catch (cause) {
      throw new TopologyError(`consumer ${this.opts.durable} on ${this.stream} (${this.filter})`, { cause });
    }
  }

  private async open(): Promise<ConsumerMessages> {
    const consumer = await this.deps.js.consumers.get(this.stream, this.opts.durable);
    const messages = await consumer.consume({ max_messages: this.settings.prefetch });
    this.messages = messages;
    this.watchStatus(messages).catch((err: unknown) => this.log.warn('consumer status unavailable', { err }));
    return messages;
  }

  private async run(first: ConsumerMessages): Promise<void> {
    let messages: ConsumerMessages | null = first;
    while (!this.stopping) {
      try {
        messages ??= await this.open();
        // stop() may have come while a restart was opening the consumer.
        if (this.stopping) {
          await messages.close();
          break;
        }
        // Never break out of this loop: nats.js closes the iterator by queueing its stop
        // behind the buffered messages, so close() resolves only once they are drained.
        for await (const msg of messages) {
          if (this.stopping) this.signal(msg, 'nak');
          else await this.handle(msg);
        }
      } catch (err) {
        if (this.stopping) break;
        this.log.warn('consumer interrupted, restarting', { err });
      }
      messages = null;
      if (this.stopping) break;
      await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
      await this.ensure().catch((err: unknown) => this.log.error('cannot recreate consumer', { err }));
    }
  }

  /** A deleted consumer (e.g. by an operator) is recreated rather than waited for forever. */
  private async watchStatus(messages: ConsumerMessages): Promise<void> {
    for await (const s of await messages.status()) {
      if (s.type === ConsumerEvents.ConsumerDeleted || s.type === ConsumerEvents.ConsumerNotFound) {
        this.log.warn('consumer missing, recreating', { event: s.type });
        await this.ensure().catch((err: unknown) => this.log.error('cannot recreate consumer', { err }));
      }
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    const ctx: MessageContext = {
      subject: msg.subject,
      deliveryCount: msg.info.deliveryCount,
      headers: headersOf(msg.headers),
    };
    let env;
    try {
      env = decode(this.key, msg.data);
    } catch (err) {
      return this.reject(msg, ctx, err);
    }
    if (this.recent.has(env.id)) {
      this.log.debug('skipping a message this process already handled', { id: env.id, subject: msg.subject });
      return this.ack(msg);
    }
    // Tell JetStream we are still working so a slow handler is not redelivered elsewhere.
    const heartbeat = setInterval(() => this.signal(msg, 'working'), Math.max(500, this.settings.ackWaitMs / 2));
    try {
      await withIncomingTraceContext(ctx.headers, env.deploymentId, () => this.handler(env, ctx));
    } catch (err) {
      clearInterval(heartbeat);
      return this.retryOrGiveUp(msg, ctx, env, err);
    }
    clearInterval(heartbeat);
    this.recent.add(env.id);
    await this.ack(msg);
  }

  private async retryOrGiveUp(msg: JsMsg, ctx: MessageContext, env: Envelope<unknown>, err: unknown): Promise<void> {
    const id = env.id;
    if (ctx.deliveryCount >= this.settings.maxDeliver) {
      this.log.error('handler failed on the last delivery, dead-lettering', { id, subject: ctx.subject, err });
      const origin = { correlationId: env.correlationId, deploymentId: env.deploymentId };
      return this.reject(msg, ctx, new HandlerFailedError(this.opts.durable, ctx.deliveryCount, { cause: err }), origin);
    }
    const delay = Math.min(this.settings.retryDelayMs * 2 ** (ctx.deliveryCount - 1), MAX_RETRY_DELAY_MS);
    this.log.warn('handler failed, will retry', { id, subject: ctx.subject, delivery: ctx.deliveryCount, delayMs: delay, err });
    this.signal(msg, 'nak', delay);
  }

  /**
   * Records the message as a dead letter, then acks it: on a work-queue stream an ack is
   * what removes it, so it cannot loop. If the record cannot be written, the message is
   * redelivered later instead of being dropped.
   */
  private async reject(msg: JsMsg, ctx: MessageContext, error: unknown, origin?: Rejected['origin']): Promise<void> {
    this.log.warn('dead-lettering message', { subject: ctx.subject, err: error });
    try {
      await this.deps.deadLetter(
        { subject: ctx.subject, consumer: this.opts.durable, error, data: msg.data, headers: ctx.headers, receivedAt: this.deps.clock.now(), origin },
        `${this.stream}-${msg.info.streamSequence}-${this.opts.durable}`,
      );
    } catch (err) {
      this.log.error('cannot write dead letter, will retry', { subject: ctx.subject, err });
      this.signal(msg, 'nak', this.settings.retryDelayMs);
      return;
    }
    await this.ack(msg);
  }

  /** working/nak are fire-and-forget; they throw only when the connection is closed. */
  private signal(msg: JsMsg, what: 'working' | 'nak', delayMs?: number): void {
    try {
      if (what === 'nak') msg.nak(delayMs);
      else msg.working();
    } catch (err) {
      this.log.warn(`cannot send ${what}`, { subject: msg.subject, err });
    }
  }

  private async ack(msg: JsMsg): Promise<void> {
    try {
      await msg.ackAck();
    } catch (err) {
      // JetStream will redeliver; this process skips the id, other replicas rely on the
      // handler being idempotent.
      this.log.warn('ack not confirmed', { subject: msg.subject, err });
    }
  }
}
