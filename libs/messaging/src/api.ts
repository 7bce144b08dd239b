// The messaging surface every service codes against. The NATS connection stays behind it,
// at the edge, as in nats.js: services see typed envelopes, never raw bytes.
import type { Envelope, MessageKey, Messages, PayloadOf, subjects } from '@cutover/contracts';
import type { TSchema, Static } from '@sinclair/typebox';

export interface Clock {
  now(): Date;
}

/** The arguments of the message's subject function, e.g. [service, color] for healthTransition. */
export type SubjectArgs<K extends MessageKey> = Parameters<(typeof subjects)[(typeof Messages)[K]['subject']]>;

export interface PublishOptions {
  /** Envelope id; also the JetStream Nats-Msg-Id, so a retried publish is stored once. */
  id?: string;
  correlationId?: string;
  deploymentId?: string;
}

export interface MessageContext {
  subject: string;
  /** 1 on first delivery; more when JetStream redelivers (always 1 for core messages). */
  deliveryCount: number;
  headers: Record<string, string>;
}

export type Handler<K extends MessageKey> = (env: Envelope<PayloadOf<K>>, ctx: MessageContext) => Promise<void>;

export interface ConsumeOptions {
  /** Durable consumer name; several replicas with the same name share the work. */
  durable: string;
  /** Subject filter; defaults to the message's subject with wildcards for its parameters. */
  filter?: string;
  /** How long JetStream waits for an ack before redelivering (ms); a running handler extends it. */
  ackWaitMs?: number;
  /** Deliveries before a failing message is dead-lettered (JetStream stops redelivering then). */
  maxDeliver?: number;
  /** First delay before redelivering a message whose handler threw; doubles per attempt (ms). */
  retryDelayMs?: number;
  /** Messages pulled ahead of the one being handled. */
  prefetch?: number;
  /**
   * Where the consumer starts when it is created: 'first' (default) takes what the stream
   * already holds, 'new' only what arrives after. A consumer that exists keeps its place.
   */
  startAt?: 'first' | 'new';
}

export interface FollowOptions {
  filter?: string;
  /** 'new': only messages published from now on; 'all': replay the stream first. */
  deliver?: 'new' | 'all';
  /** Replay from this time on; wins over `deliver`. */
  startTime?: Date;
}

export interface SubscribeOptions {
  /** Queue group: each message goes to one member. */
  queue?: string;
  /** Name in dead-letter records; defaults to the bus name. */
  consumer?: string;
}

export interface ServeOptions {
  /** Queue group so replicas share requests; defaults to the bus name. */
  queue?: string;
}

export interface RequestOptions<S extends TSchema = TSchema> {
  /** Per attempt (ms). */
  timeoutMs?: number;
  /** Extra attempts after a timeout or no responder; the request keeps its envelope id. */
  retries?: number;
  /** Validates the reply's data. */
  replySchema?: S;
  correlationId?: string;
  deploymentId?: string;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface KvEntry<T> {
  key: string;
  value: T;
  revision: number;
}

export type KvChange<T> = KvEntry<T> | { key: string; deleted: true };

export interface TypedKv<S extends TSchema> {
  get(key: string): Promise<KvEntry<Static<S>> | null>;
  /** Fails with KvConflictError when the key exists. */
  create(key: string, value: Static<S>): Promise<number>;
  /** Compare-and-set on revision; fails with KvConflictError when it moved. */
  update(key: string, value: Static<S>, revision: number): Promise<number>;
  put(key: string, value: Static<S>): Promise<number>;
  delete(key: string): Promise<void>;
  keys(filter?: string): Promise<string[]>;
  /** Read-modify-write with retries on conflict; fn returns null to leave the key as is. */
  modify(key: string, fn: (current: KvEntry<Static<S>> | null) => Static<S> | null): Promise<KvEntry<Static<S>> | null>;
  /**
   * Calls onChange with the current value of every matching key (no older history), then
   * with each later change. Resolves once the current values have been delivered.
   */
  watch(filter: string, onChange: (change: KvChange<Static<S>>) => void): Promise<Stoppable>;
}
