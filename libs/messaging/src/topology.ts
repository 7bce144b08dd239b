// Streams and buckets every Cutover process may create at start-up. Creating them is
// idempotent and safe when several processes start at once.
//
// Commands use work-queue retention: a command is kept until a consumer acknowledges it,
// even when no consumer exists yet (a release published before the orchestrator starts is
// not lost, which interest retention would do), and the server refuses a second consumer
// whose filter overlaps, so each command subject is consumed by exactly one durable
// consumer (replicas share it by using the same durable name).
// Events and dead letters use limits retention: any number of readers, kept for a while.
import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';
import { Messages, buckets, streams, subjectTemplate, type MessageKey, type MessageType } from '@cutover/contracts';
import { TopologyError, WrongTransportError } from './errors';
import { isApiError } from './nats-errors';

const DAY_MS = 24 * 60 * 60 * 1000;
/** JetStream drops a publish whose Nats-Msg-Id it saw within this window. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export type StreamName = (typeof streams)[keyof typeof streams]['name'];
export type BucketName = (typeof buckets)[keyof typeof buckets];

export const streamConfigs: Record<StreamName, Partial<StreamConfig>> = {
  [streams.commands.name]: {
    subjects: [...streams.commands.subjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  },
  [streams.events.name]: {
    subjects: [...streams.events.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(7 * DAY_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  },
  [streams.deadLetters.name]: {
    subjects: [...streams.deadLetters.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(30 * DAY_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  },
};

/** Revisions kept per key: records a human may want to trace keep more. */
export const bucketHistory: Record<BucketName, number> = {
  [buckets.deployments]: 10,
  [buckets.services]: 10,
  [buckets.routing]: 10,
  [buckets.environments]: 5,
  [buckets.health]: 5,
  [buckets.diagnostics]: 5,
  [buckets.leases]: 1,
};

/** The stream that stores a JetStream message type, found from its subject. */
export function streamFor(key: MessageKey): StreamName {
  const m = Messages[key] as MessageType;
  if (m.transport !== 'jetstream') throw new WrongTransportError(key, m.transport, 'jetstream');
  const subject = subjectWildcard(key);
  for (const [name, cfg] of Object.entries(streamConfigs)) {
    if (cfg.subjects?.some((filter) => covers(filter, subject))) return name as StreamName;
  }
  throw new TopologyError(`a stream for ${subject}`);
}

/** Whether every subject matching `subject` (which may hold '*') also matches `filter`. */
export function covers(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length || (f[i] !== '*' && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

/** The message's subject with '*' for each parameter: every instance of that type. */
export function subjectWildcard(key: MessageKey): string {
  return subjectTemplate(Messages[key] as MessageType).replace(/\{[^}]+\}/g, '*');
}

export async function ensureStreams(jsm: JetStreamManager): Promise<void> {
  for (const [name, cfg] of Object.entries(streamConfigs)) {
    await ensureStream(jsm, { ...cfg, name });
  }
}

async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.add(cfg);
  } catch (err) {
    // Same name, different settings: an older release created it, or the server filled in
    // defaults differently. Converge by updating the settings that may change.
    if (!isApiError(err, 10058)) throw new TopologyError(`stream ${cfg.name}`, { cause: err });
    try {
      const { config } = await jsm.streams.info(cfg.name);
      await jsm.streams.update(cfg.name, { ...config, ...cfg });
    } catch (cause) {
      throw new TopologyError(`stream ${cfg.name}`, { cause });
    }
  }
}

export async function ensureBuckets(js: JetStreamClient): Promise<void> {
  for (const [bucket, history] of Object.entries(bucketHistory)) {
    try {
      await js.views.kv(bucket, { history, storage: StorageType.File });
    } catch (cause) {
      if (isApiError(cause, 10058)) continue; // created by another process a moment ago
      throw new TopologyError(`bucket ${bucket}`, { cause });
    }
  }
}
