// One NATS connection per process and everything Cutover does over it: typed publish,
// durable consumers, followers, plain subscriptions, request-reply and KV buckets.
import type { JetStreamClient, NatsConnection } from 'nats';
import {
  Messages,
  buckets,
  encode,
  storeSchemas,
  serialize,
  subjects,
  token,
  type Envelope,
  type MessageKey,
  type MessageType,
  type PayloadOf,
  type StoreName,
} from '@cutover/contracts';
import { createLogger, type Logger } from '@cutover/observability';
import type { Static, TSchema } from '@sinclair/typebox';
import type {
  Clock,
  ConsumeOptions,
  FollowOptions,
  Handler,
  PublishOptions,
  RequestOptions,
  ServeOptions,
  Stoppable,
  SubjectArgs,
  SubscribeOptions,
  TypedKv,
} from './api';
import { connectWithDeadline, type NatsCredentials } from './connect';
import { subscribeCore } from './core-subscription';
import { deadLetterRecord, type Rejected } from './dead-letter';
import { DurableConsumer } from './durable-consumer';
import { WrongTransportError } from './errors';
import { follow } from './follower';
import { outgoingHeaders } from './headers';
import { BusObservers, type ConnectionEvent } from './observers';
import { publishDurably } from './publish';
import { requestRpc, serveRpc, type RpcHandler } from './rpc';
import { ensureBuckets, ensureStreams, subjectWildcard, type BucketName } from './topology';
import { TypedKvBucket } from './typed-kv';

export interface BusOptions extends NatsCredentials {
  /** One URL or several, comma-separated. */
  url: string;
  /** Who we are: the envelope source, the connection name, the default queue group. */
  name: string;
  log?: Logger;
  clock?: Clock;
  /** How long to keep trying the first connection before NatsUnreachableError (ms). */
  connectTimeoutMs?: number;
  /** How long a JetStream publish may keep retrying, e.g. across a reconnect (ms). */
  publishTimeoutMs?: number;
}

const systemClock: Clock = { now: () => new Date() };
const DRAIN_TIMEOUT_MS = 5000;

/** The typed bucket of one of Cutover's stores. */
export type Store<N extends StoreName> = TypedKv<(typeof storeSchemas)[N]>;

export class Bus {
  private readonly js: JetStreamClient;
  private readonly running = new Set<Stoppable>();
  private readonly observers: BusObservers;

  static async connect(opts: BusOptions): Promise<Bus> {
    token(opts.name, 'bus name');
    const nc = await connectWithDeadline({ ...opts, connectTimeoutMs: opts.connectTimeoutMs ?? 10_000 });
    const bus = new Bus(nc, opts.name, opts.log ?? createLogger('messaging'), opts.clock ?? systemClock, opts.publishTimeoutMs ?? 30_000);
    bus.reportStatus().catch((err: unknown) => bus.log.warn('connection status unavailable', { err }));
    return bus;
  }

  private constructor(
    /** The raw connection, for what this class does not cover (tests, health checks). */
    readonly connection: NatsConnection,
    readonly name: string,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly publishTimeoutMs: number,
  ) {
    this.js = connection.jetstream();
    this.observers = new BusObservers(log);
  }

  /** Creates the streams and KV buckets; safe to call from every process at start-up. */
  async ensureTopology(): Promise<void> {
    await ensureStreams(await this.connection.jetstreamManager());
    await ensureBuckets(this.js);
  }

  /**
   * Encodes and sends a message. JetStream messages are stored when this resolves (the
   * envelope id is the Nats-Msg-Id, so publishing the same id again stores it once);
   * core messages are fire-and-forget.
   */
  async publish<K extends MessageKey>(
    key: K,
    subjectArgs: SubjectArgs<K>,
    data: PayloadOf<K>,
    opts: PublishOptions = {},
  ): Promise<Envelope<PayloadOf<K>>> {
    const m = Messages[key] as MessageType;
    const subject = this.subject(key, subjectArgs);
    const env = encode(key, data, { ...opts, source: this.name, now: this.clock.now() });
    const headers = outgoingHeaders(env.deploymentId);
    if (m.transport === 'jetstream') {
      await publishDurably(this.js, subject, serialize(env), env.id, this.publishTimeoutMs, headers);
    } else if (m.transport === 'core') {
      this.connection.publish(subject, serialize(env), { headers });
    } else {
      throw new WrongTransportError(key, m.transport, 'publish (use request)');
    }
    this.observers.notifyPublished(key, env);
    return env;
  }

  /** Calls fn with each envelope of this type that this process published; returns the way to stop. */
  onPublished<K extends MessageKey>(key: K, fn: (env: Envelope<PayloadOf<K>>) => void): () => void {
    return this.observers.onPublished(key, fn);
  }

  /** Calls fn when the connection drops, comes back, or the server reports an error. */
  onConnectionEvent(fn: (event: ConnectionEvent) => void): () => void {
    return this.observers.onConnectionEvent(fn);
  }

  /** Handles every message of a JetStream type through a durable consumer; see DurableConsumer. */
  async consume<K extends MessageKey>(key: K, handler: Handler<K>, opts: ConsumeOptions): Promise<Stoppable> {
    const deps = { js: this.js, jsm: await this.connection.jetstreamManager(), log: this.log, clock: this.clock, deadLetter: this.deadLetter };
    const consumer = new DurableConsumer(deps, key, handler, opts);
    await consumer.start();
    return this.track(consumer);
  }

  /** Watches a JetStream type without a durable consumer; invalid messages are logged and skipped. */
  async follow<K extends MessageKey>(key: K, handler: Handler<K>, opts: FollowOptions = {}): Promise<Stoppable> {
    return this.track(await follow(this.js, this.log, key, handler, opts));
  }

  /**
   * Plain subscription to a core (telemetry) type; the filter defaults to every instance.
   * Resolves once the server knows the subscription, so a publish after it is received.
   */
  async subscribe<K extends MessageKey>(key: K, subjectFilter: string | undefined, handler: Handler<K>, opts: SubscribeOptions = {}): Promise<Stoppable> {
    this.expectTransport(key, 'core');
    const deps = { nc: this.connection, log: this.log, clock: this.clock, deadLetter: this.deadLetter };
    const filter = subjectFilter ?? subjectWildcard(key);
    const sub = subscribeCore(deps, key, filter, handler, opts.consumer ?? this.name, opts.queue);
    await this.connection.flush();
    return this.track(sub);
  }

  /**
   * Answers requests of a request-reply type with RpcReply; replicas share them via the
   * queue group. Resolves once the server routes requests to it.
   */
  async serve<K extends MessageKey>(key: K, handler: RpcHandler<K>, opts: ServeOptions = {}): Promise<Stoppable> {
    this.expectTransport(key, 'request-reply');
    const deps = { nc: this.connection, log: this.log, clock: this.clock, deadLetter: this.deadLetter };
    const served = serveRpc(deps, key, subjectWildcard(key), handler, this.name, opts.queue ?? this.name);
    await this.connection.flush();
    return this.track(served);
  }

  /**
   * Sends a request and returns the reply's data; throws RpcError with the responder's code,
   * RequestTimeoutError after the last attempt, or ValidationError if replySchema rejects it.
   */
  async request<K extends MessageKey, S extends TSchema>(key: K, data: PayloadOf<K>, opts: RequestOptions<S> & { replySchema: S }): Promise<Static<S>>;
  async request<K extends MessageKey, T = unknown>(key: K, data: PayloadOf<K>, opts?: RequestOptions): Promise<T>;
  async request<K extends MessageKey>(key: K, data: PayloadOf<K>, opts: RequestOptions = {}): Promise<unknown> {
    this.expectTransport(key, 'request-reply');
    const env = encode(key, data, { source: this.name, now: this.clock.now(), correlationId: opts.correlationId, deploymentId: opts.deploymentId });
    return requestRpc(this.connection, key, subjectWildcard(key), serialize(env), {
      timeoutMs: opts.timeoutMs ?? 5000,
      retries: opts.retries ?? 0,
      replySchema: opts.replySchema,
      headers: outgoingHeaders(env.deploymentId),
    });
  }

  kv<S extends TSchema>(bucket: BucketName, schema: S): TypedKv<S> {
    return new TypedKvBucket(this.js, bucket, schema, this.log);
  }

  /** Cutover's own buckets by name, each with the schema contracts pairs it with. */
  stores<N extends StoreName>(...names: N[]): { [K in N]: Store<K> } {
    return Object.fromEntries(names.map((n) => [n, this.kv(buckets[n], storeSchemas[n])])) as { [K in N]: Store<K> };
  }

  /** Stops consumers and subscriptions (letting running handlers finish), then drains. */
  async close(): Promise<void> {
    await Promise.all([...this.running].map((s) => s.stop()));
    this.running.clear();
    if (this.connection.isClosed()) return;
    // Draining needs the server; while NATS is away it could wait for a reconnect forever.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_TIMEOUT_MS)));
    const drained = this.connection.drain().catch((err: unknown) => this.log.warn('drain failed', { err }));
    await Promise.race([drained, gaveUp]);
    clearTimeout(timer);
    if (!this.connection.isClosed()) await this.connection.close();
  }

  private readonly deadLetter = async (r: Rejected, dedupId?: string): Promise<void> => {
    await this.publish('deadLetter', [r.consumer], deadLetterRecord(r), { id: dedupId, ...r.origin });
  };

  private subject<K extends MessageKey>(key: K, args: SubjectArgs<K>): string {
    const fn = subjects[(Messages[key] as MessageType).subject] as (...a: string[]) => string;
    return fn(...(args as string[]));
  }

  private expectTransport(key: MessageKey, transport: MessageType['transport']): void {
    const actual = (Messages[key] as MessageType).transport;
    if (actual !== transport) throw new WrongTransportError(key, actual, transport);
  }

  private track(s: Stoppable): Stoppable {
    this.running.add(s);
    return {
      stop: async () => {
        this.running.delete(s);
        await s.stop();
      },
    };
  }

  private async reportStatus(): Promise<void> {
    for await (const s of this.connection.status()) {
      if (s.type === 'pingTimer') continue;
      const fields = { event: s.type, data: typeof s.data === 'string' || typeof s.data === 'number' ? s.data : undefined };
      if (s.type === 'disconnect' || s.type === 'error') this.log.warn('nats connection', fields);
      else this.log.info('nats connection', fields);
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') this.observers.notifyConnection(s.type);
    }
  }
}
