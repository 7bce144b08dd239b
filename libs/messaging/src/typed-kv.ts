// A KV bucket holding JSON values of one schema, checked on every write and every read,
// with compare-and-set by revision. The bucket is bound on first use, so a TypedKv can be
// made synchronously (e.g. in a constructor).
import { KvWatchInclude, type JetStreamClient, type KV, type KvEntry as NatsKvEntry } from 'nats';
import { ValidationError, validate } from '@cutover/contracts';
import type { Static, TSchema } from '@sinclair/typebox';
import type { Logger } from '@cutover/observability';
import type { KvChange, KvEntry, Stoppable, TypedKv } from './api';
import { KvConflictError, KvOperationError } from './errors';
import { isApiError } from './nats-errors';

const WRONG_LAST_SEQUENCE = 10071;
const MODIFY_ATTEMPTS = 10;

export class TypedKvBucket<S extends TSchema> implements TypedKv<S> {
  private bound: Promise<KV> | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly bucket: string,
    private readonly schema: S,
    private readonly log: Logger,
  ) {}

  async get(key: string): Promise<KvEntry<Static<S>> | null> {
    const e = await this.op('get', key, (kv) => kv.get(key));
    return e && e.operation === 'PUT' ? this.entry(e) : null;
  }

  async create(key: string, value: Static<S>): Promise<number> {
    const bytes = this.encode(key, value);
    return this.op('create', key, (kv) => kv.create(key, bytes), 'no value');
  }

  async update(key: string, value: Static<S>, revision: number): Promise<number> {
    const bytes = this.encode(key, value);
    return this.op('update', key, (kv) => kv.update(key, bytes, revision), `revision ${revision}`);
  }

  async put(key: string, value: Static<S>): Promise<number> {
    const bytes = this.encode(key, value);
    return this.op('put', key, (kv) => kv.put(key, bytes));
  }

  async delete(key: string): Promise<void> {
    await this.op('delete', key, (kv) => kv.delete(key));
  }

  async keys(filter = '>'): Promise<string[]> {
    return this.op('keys', filter, async (kv) => {
      const out: string[] = [];
      for await (const k of await kv.keys(filter)) out.push(k);
      return out.sort();
    });
  }

  async modify(
    key: string,
    fn: (current: KvEntry<Static<S>> | null) => Static<S> | null,
  ): Promise<KvEntry<Static<S>> | null> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(key);
      const next = fn(current);
      if (next === null) return current;
      try {
        const revision = current ? await this.update(key, next, current.revision) : await this.create(key, next);
        return { key, value: next, revision };
      } catch (err) {
        if (!(err instanceof KvConflictError) || attempt >= MODIFY_ATTEMPTS) throw err;
        // Someone wrote in between: read again and re-apply fn to what they wrote.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  async watch(filter: string, onChange: (change: KvChange<Static<S>>) => void): Promise<Stoppable> {
    const log = this.log.child({ bucket: this.bucket, watch: filter });
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => (initialized = resolve));
    const iter = await this.op('watch', filter, (kv) =>
      kv.watch({ key: filter, include: KvWatchInclude.LastValue, initializedFn: () => initialized() }),
    );
    const loop = (async () => {
      for await (const e of iter) {
        try {
          onChange(e.operation === 'PUT' ? this.entry(e) : { key: e.key, deleted: true });
        } catch (err) {
          log.warn('skipping watched entry', { key: e.key, revision: e.revision, err });
        }
      }
    })().catch((err: unknown) => log.error('watch ended', { err }));
    await ready;
    return {
      stop: async () => {
        iter.stop();
        await loop;
      },
    };
  }

  private kv(): Promise<KV> {
    if (!this.bound) {
      this.bound = this.js.views.kv(this.bucket, { bindOnly: true });
      this.bound.catch(() => (this.bound = null));
    }
    return this.bound;
  }

  private async op<T>(op: string, key: string, fn: (kv: KV) => Promise<T>, expected?: string): Promise<T> {
    try {
      return await fn(await this.kv());
    } catch (cause) {
      if (expected && isApiError(cause, WRONG_LAST_SEQUENCE)) throw new KvConflictError(this.bucket, key, expected, { cause });
      throw new KvOperationError(this.bucket, key, op, { cause });
    }
  }

  private encode(key: string, value: Static<S>): Uint8Array {
    return Buffer.from(JSON.stringify(validate(this.schema, value, `${this.bucket}/${key}`)));
  }

  private entry(e: NatsKvEntry): KvEntry<Static<S>> {
    let value: unknown;
    try {
      value = e.json();
    } catch (cause) {
      throw new ValidationError(`${this.bucket}/${e.key}`, [{ path: '', message: 'is not JSON' }], { cause });
    }
    return { key: e.key, value: validate(this.schema, value, `${this.bucket}/${e.key}`), revision: e.revision };
  }
}
