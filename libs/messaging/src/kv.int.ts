import { ValidationError, buckets } from '@cutover/contracts';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { Type, type Static } from '@sinclair/typebox';
import type { KvChange, TypedKv } from './api';
import type { Bus } from './bus';
import { KvConflictError } from './errors';

const Counter = Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
type Counter = Static<typeof Counter>;

describe('TypedKv', () => {
  let fx: MessagingFixture;
  let bus: Bus;
  let kv: TypedKv<typeof Counter>;

  beforeAll(async () => {
    fx = await startMessaging();
    bus = await fx.connect('orchestrator');
    kv = bus.kv(buckets.services, Counter);
  });
  afterAll(() => fx.stop());

  it('creates once and updates only at the revision it read', async () => {
    const rev = await kv.create('cas', { count: 1 });
    await expect(kv.create('cas', { count: 9 })).rejects.toBeInstanceOf(KvConflictError);

    const rev2 = await kv.update('cas', { count: 2 }, rev);
    const stale = kv.update('cas', { count: 3 }, rev);
    await expect(stale).rejects.toBeInstanceOf(KvConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'conflict', bucket: buckets.services, key: 'cas' });
    expect(await kv.get('cas')).toEqual({ key: 'cas', value: { count: 2 }, revision: rev2 });
  });

  it('treats a deleted key as absent, and creates it again', async () => {
    await kv.put('gone', { count: 1 });
    await kv.delete('gone');
    expect(await kv.get('gone')).toBeNull();
    expect(await kv.keys()).not.toContain('gone');
    await kv.create('gone', { count: 5 });
    expect((await kv.get('gone'))?.value).toEqual({ count: 5 });
  });

  it('modify applies every concurrent increment exactly once', async () => {
    const other = (await fx.connect('orchestrator')).kv(buckets.services, Counter);
    const inc = (c: { value: Counter } | null) => ({ count: (c?.value.count ?? 0) + 1 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? kv : other).modify('counter', inc)));
    expect((await kv.get('counter'))?.value.count).toBe(10);
    expect(await kv.modify('counter', () => null)).toMatchObject({ value: { count: 10 } });
  });

  it('validates values on write and on read', async () => {
    await expect(kv.put('bad', { count: -1 })).rejects.toBeInstanceOf(ValidationError);
    await bus.connection.jetstream().publish(`$KV.${buckets.services}.corrupt`, Buffer.from('{"count":"many"}'));
    await expect(kv.get('corrupt')).rejects.toThrow(/count/);
  });

  it('watch delivers current values first, then changes, and skips invalid entries', async () => {
    const watched = bus.kv(buckets.health, Counter);
    await watched.put('checkout.blue', { count: 1 });
    const changes: Array<KvChange<Counter>> = [];
    const w = await watched.watch('checkout.*', (c) => changes.push(c));
    expect(changes).toEqual([expect.objectContaining({ key: 'checkout.blue', value: { count: 1 } })]);

    await bus.connection.jetstream().publish(`$KV.${buckets.health}.checkout.green`, Buffer.from('not json'));
    await watched.put('checkout.green', { count: 2 });
    await watched.delete('checkout.blue');
    await waitFor(() => changes.length === 3, { what: 'two changes after the initial value' });
    expect(changes.slice(1)).toEqual([
      expect.objectContaining({ key: 'checkout.green', value: { count: 2 } }),
      { key: 'checkout.blue', deleted: true },
    ]);
    expect(fx.logs.some((l) => l.msg === 'skipping watched entry')).toBe(true);
    await w.stop();
  });
});
