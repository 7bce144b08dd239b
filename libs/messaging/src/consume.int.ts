import { Messages, subjects, type DeadLetter, type Envelope, type ReleaseCommand } from '@cutover/contracts';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import type { Bus } from './bus';
import type { MessageContext, Stoppable } from './api';

const release = (version: string): ReleaseCommand => ({ service: 'checkout', version });

describe('Bus publish / consume over JetStream', () => {
  let fx: MessagingFixture;
  let bus: Bus;
  const running: Stoppable[] = [];

  beforeAll(async () => {
    fx = await startMessaging();
    bus = await fx.connect('orchestrator');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });
  afterAll(() => fx.stop());

  const deadLetters = async (consumer: string): Promise<Array<Envelope<DeadLetter>>> => {
    const seen: Array<Envelope<DeadLetter>> = [];
    running.push(await bus.follow('deadLetter', async (env) => void seen.push(env), { deliver: 'all', filter: subjects.deadLetter(consumer) }));
    return seen;
  };

  it('delivers a published command to a durable consumer with its envelope', async () => {
    const got: Array<{ env: Envelope<ReleaseCommand>; ctx: MessageContext }> = [];
    running.push(await bus.consume('release', async (env, ctx) => void got.push({ env, ctx }), { durable: 'rt-release' }));

    const sent = await bus.publish('release', [], release('1.0.0'), { deploymentId: 'checkout-abc123' });

    await waitFor(() => got.length === 1, { what: 'the release to arrive' });
    expect(got[0]!.env).toEqual(sent);
    expect(sent).toMatchObject({ source: 'orchestrator', type: Messages.release.type, deploymentId: 'checkout-abc123', correlationId: sent.id });
    expect(got[0]!.ctx).toMatchObject({ subject: subjects.release(), deliveryCount: 1 });
  });

  it("startAt 'new': a consumer created now skips what the stream holds, and once created keeps its place across restarts", async () => {
    const notice = (title: string) => ({ service: 'checkout', level: 'info' as const, title, text: title });
    await bus.publish('notification', ['checkout'], notice('before'));
    const got: string[] = [];
    const handler = async (env: Envelope<{ title: string }>) => void got.push(env.data.title);
    const first = await bus.consume('notification', handler, { durable: 'rt-notify-new', startAt: 'new' });
    await bus.publish('notification', ['checkout'], notice('after'));
    await waitFor(() => got.includes('after'), { what: 'the notification published after creation' });
    await first.stop();
    await bus.publish('notification', ['checkout'], notice('while stopped'));
    running.push(await bus.consume('notification', handler, { durable: 'rt-notify-new', startAt: 'new' }));
    await waitFor(() => got.includes('while stopped'), { what: 'the notification published while it was stopped' });
    expect(got).toEqual(['after', 'while stopped']);
  });

  it('redelivers a message whose handler threw, and then acks it', async () => {
    const attempts: number[] = [];
    running.push(
      await bus.consume(
        'approve',
        async (_env, ctx) => {
          attempts.push(ctx.deliveryCount);
          if (ctx.deliveryCount < 3) throw new Error('not yet');
        },
        { durable: 'rt-approve', retryDelayMs: 50 },
      ),
    );
    await bus.publish('approve', [], { deploymentId: 'checkout-abc123' });
    await waitFor(() => attempts.length === 3, { what: 'three deliveries' });
    expect(attempts).toEqual([1, 2, 3]);
    const jsm = await bus.connection.jetstreamManager();
    await waitFor(async () => (await jsm.consumers.info('CUTOVER_COMMANDS', 'rt-approve')).num_ack_pending === 0, { what: 'the ack' });
    expect((await jsm.consumers.info('CUTOVER_COMMANDS', 'rt-approve')).num_redelivered).toBe(0);
  });

  it('stores a message published twice with the same id once', async () => {
    const jsm = await bus.connection.jetstreamManager();
    const before = (await jsm.streams.info('CUTOVER_EVENTS')).state.messages;
    const data = { service: 'checkout', deploymentId: 'checkout-dup123', level: 'info' as const, title: 't', text: 'x' };
    const first = await bus.publish('notification', ['checkout'], data, { id: 'fixed-id-1' });
    const second = await bus.publish('notification', ['checkout'], data, { id: 'fixed-id-1' });
    expect(second.id).toBe(first.id);
    expect((await jsm.streams.info('CUTOVER_EVENTS')).state.messages).toBe(before + 1);
  });

  it('dead-letters invalid JSON, a wrong schema and a wrong version, and keeps consuming', async () => {
    const handled: string[] = [];
    running.push(await bus.consume('rollback', async (env) => void handled.push(env.data.reason), { durable: 'rt-rollback' }));
    const dead = await deadLetters('rt-rollback');
    const js = bus.connection.jetstream();
    const good = await bus.publish('rollback', [], { service: 'checkout', reason: 'good' });
    const wrongVersion = JSON.stringify({ ...good, id: 'v2', version: 2 });
    const wrongSchema = JSON.stringify({ ...good, id: 'schema', data: { service: 'Checkout!', reason: 'x' } });
    await js.publish(subjects.rollback(), Buffer.from('{not json'));
    await js.publish(subjects.rollback(), Buffer.from(wrongSchema));
    await js.publish(subjects.rollback(), Buffer.from(wrongVersion));
    await bus.publish('rollback', [], { service: 'checkout', reason: 'after the bad ones' });

    await waitFor(() => handled.length === 2 && dead.length === 3, { what: 'two handled and three dead letters' });
    expect(handled).toEqual(['good', 'after the bad ones']);
    expect(dead.map((d) => d.data.code)).toEqual(['malformed', 'invalid_input', 'unsupported_version']);
    expect(dead[0]!.data).toMatchObject({ subject: subjects.rollback(), consumer: 'rt-rollback', raw: '{not json', truncated: false });
    expect(dead[1]!.data.reason).toContain('/data/service');
    expect(dead[0]!.type).toBe(Messages.deadLetter.type);
  });

  it('dead-letters a message whose handler fails on every delivery', async () => {
    running.push(
      await bus.consume('promote', async () => Promise.reject(new Error('always broken')), {
        durable: 'rt-promote',
        maxDeliver: 2,
        retryDelayMs: 20,
      }),
    );
    const dead = await deadLetters('rt-promote');
    const sent = await bus.publish('promote', [], { deploymentId: 'checkout-abc123' }, { deploymentId: 'checkout-abc123' });
    await waitFor(() => dead.length === 1, { what: 'the dead letter' });
    expect(dead[0]!.data).toMatchObject({ code: 'handler_failed' });
    expect(dead[0]).toMatchObject({ correlationId: sent.correlationId, deploymentId: 'checkout-abc123' });
    expect(dead[0]!.data.reason).toContain('always broken');
  });

  it('shares a durable between two processes: each message is handled once', async () => {
    const other = await fx.connect('orchestrator');
    const byBus: Record<string, string[]> = { a: [], b: [] };
    const slow = (who: string) => async (env: Envelope<{ deploymentId: string }>) => {
      byBus[who]!.push(env.id);
      await new Promise((resolve) => setImmediate(resolve));
    };
    running.push(await bus.consume('abort', slow('a'), { durable: 'rt-abort', prefetch: 1 }));
    running.push(await other.consume('abort', slow('b'), { durable: 'rt-abort', prefetch: 1 }));
    const sent = await Promise.all(Array.from({ length: 40 }, () => bus.publish('abort', [], { deploymentId: 'checkout-abc123' })));
    await waitFor(() => byBus.a!.length + byBus.b!.length >= 40, { what: 'all 40 handled' });
    const all = [...byBus.a!, ...byBus.b!];
    expect(new Set(all).size).toBe(40);
    expect(all.sort()).toEqual(sent.map((e) => e.id).sort());
    expect(byBus.a!.length).toBeGreaterThan(0);
    expect(byBus.b!.length).toBeGreaterThan(0);
  });

  it('follows new events only, skipping invalid ones with a warning', async () => {
    const rejected = { requestId: 'r1', code: 'busy', reason: 'a deployment is running' };
    await bus.publish('releaseRejected', [], { ...rejected, requestId: 'before-follow' });
    const seen: string[] = [];
    running.push(await bus.follow('releaseRejected', async (env) => void seen.push(env.data.requestId), { deliver: 'new' }));
    await bus.connection.jetstream().publish(subjects.releaseRejected(), Buffer.from('garbage'));
    await bus.publish('releaseRejected', [], rejected);
    await waitFor(() => seen.length === 1, { what: 'the valid event' });
    expect(seen).toEqual(['r1']);
    expect(fx.logs.some((l) => l.msg === 'skipping invalid message' && l.level === 'warn')).toBe(true);
  });
});
