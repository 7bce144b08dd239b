// The messaging surface every service codes against. The NATS connection stays behind it,
// at the edge, as in nats.js: services see typed envelopes, never raw bytes.
import type { Envelope, MessageKey, PayloadOf } from '@cutover/contracts';
import type { TSchema, Static } from '@sinclair/typebox';

export interface PublishOptions {
  /** Envelope id; also the JetStream Nats-Msg-Id, so a retried publish is stored once. */
  id?: string;
  correlationId?: string;
  deploymentId?: string;
}

export interface MessageContext {
  subject: string;
  /** 1 on first delivery; more when JetStream redelivers. */
  deliveryCount: number;
  headers: Record<string, string>;
}

export type Handler<K extends MessageKey> = (env: Envelope<PayloadOf<K>>, ctx: MessageContext) => Promise<void>;

export interface ConsumeOptions {
  /** Durable consumer name; several replicas with the same name share the work. */
  durable: string;
  /** Subject filter; defaults to the message's subject with wildcards for its parameters. */
  filter?: string;
  /** How long a handler may take before JetStream redelivers (ms). */
  ackWaitMs?: number;
  maxDeliver?: number;
}

export interface FollowOptions {
  filter?: string;
  /** 'new': only messages published from now on; 'all': replay the stream first. */
  deliver?: 'new' | 'all';
  startTime?: Date;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface KvEntry<T> {
  key: string;
  value: T;
  revision: number;
}

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
  watch(filter: string, onChange: (entry: KvEntry<Static<S>> | { key: string; deleted: true }) => void): Promise<Stoppable>;
}
