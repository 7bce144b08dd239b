import { subjects, type DeadLetter, type Envelope, type TrafficSample } from '@cutover/contracts';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import type { Bus } from './bus';
import { WrongTransportError } from './errors';

const traffic = (service: string): TrafficSample => {
  const zero = { requests: 0, errors5xx: 0, upstreamFailures: 0, latency: { boundsMs: [], counts: [] } };
  return { service, liveColor: 'blue', intervalMs: 1000, blue: zero, green: zero };
};

describe('Bus core pub/sub', () => {
  let fx: MessagingFixture;
  let bus: Bus;

  beforeAll(async () => {
    fx = await startMessaging();
    bus = await fx.connect('health-monitor');
  });
  afterAll(() => fx.stop());

  it('delivers core messages to a subscriber and dead-letters invalid ones without stopping', async () => {
    const got: string[] = [];
    const dead: Array<Envelope<DeadLetter>> = [];
    const follower = await bus.follow('deadLetter', async (env) => void dead.push(env), { filter: subjects.deadLetter('dashboard') });
    const sub = await bus.subscribe('traffic', undefined, async (env) => void got.push(env.data.service), { consumer: 'dashboard' });

    bus.connection.publish(subjects.traffic('checkout'), Buffer.from('{"id":1}'));
    await bus.publish('traffic', ['checkout'], traffic('checkout'));
    await bus.publish('traffic', ['cart'], traffic('cart'));

    await waitFor(() => got.length === 2 && dead.length === 1, { what: 'two samples and one dead letter' });
    expect(got).toEqual(['checkout', 'cart']);
    expect(dead[0]!.data).toMatchObject({ subject: subjects.traffic('checkout'), consumer: 'dashboard', code: 'unknown_type' });
    await sub.stop();
    await follower.stop();
  });

  it('survives a throwing handler', async () => {
    const got: string[] = [];
    const sub = await bus.subscribe('traffic', subjects.traffic('checkout'), async (env) => {
      got.push(env.id);
      throw new Error('boom');
    });
    await bus.publish('traffic', ['checkout'], traffic('checkout'));
    await bus.publish('traffic', ['checkout'], traffic('checkout'));
    await waitFor(() => got.length === 2, { what: 'both samples despite the throw' });
    await sub.stop();
  });

  it('refuses a key of another transport', async () => {
    await expect(bus.subscribe('release', undefined, async () => undefined)).rejects.toBeInstanceOf(WrongTransportError);
    await expect(bus.consume('traffic', async () => undefined, { durable: 'x' })).rejects.toBeInstanceOf(WrongTransportError);
  });
});
