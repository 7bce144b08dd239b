import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import type { Bus } from './bus';

describe('Bus across a nats-server restart', () => {
  let fx: MessagingFixture;
  let bus: Bus;

  beforeAll(async () => {
    fx = await startMessaging();
    bus = await fx.connect('orchestrator', { publishTimeoutMs: 30_000 });
  });
  afterAll(() => fx.stop());

  it('keeps consuming: the unacked message comes back, messages published during and after the outage arrive', async () => {
    const handled = new Map<string, number>();
    let releaseInFlight!: () => void;
    const inFlight = new Promise<void>((resolve) => (releaseInFlight = resolve));
    let started = false;
    const consumer = await bus.consume(
      'rollback',
      async (env, ctx) => {
        if (env.data.reason === 'before' && ctx.deliveryCount === 1) {
          started = true;
          await inFlight;
          throw new Error('lost its connection mid-way');
        }
        handled.set(env.data.reason, ctx.deliveryCount);
      },
      { durable: 'orchestrator-rollback', ackWaitMs: 1000 },
    );

    await bus.publish('rollback', [], { service: 'checkout', reason: 'before' });
    await waitFor(() => started, { what: 'the first message to be in flight' });

    await fx.server.stop();
    releaseInFlight();
    const during = bus.publish('rollback', [], { service: 'checkout', reason: 'during' });
    await fx.server.restart();
    await during;
    await bus.publish('rollback', [], { service: 'checkout', reason: 'after' });

    await waitFor(() => handled.size === 3, { timeoutMs: 30_000, what: 'all three messages after the restart' });
    expect(handled.get('before')).toBeGreaterThanOrEqual(2);
    expect(handled.has('during')).toBe(true);
    expect(handled.has('after')).toBe(true);
    expect(fx.logs.some((l) => l.msg === 'nats connection' && l.event === 'reconnect')).toBe(true);
    await consumer.stop();
  });

  it('closes, consumers included, while the server is down', async () => {
    const leaving = await fx.connect('switcher');
    await leaving.consume('switch', async () => undefined, { durable: 'switcher-switch' });
    await fx.server.stop();
    try {
      const started = Date.now();
      await leaving.close();
      expect(leaving.connection.isClosed()).toBe(true);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await fx.server.restart();
    }
  });
});
