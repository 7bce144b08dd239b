// What the agent writes about environments, against a real nats-server.
import { environmentKey, type EnvironmentState, type EnvironmentStatus } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { environmentsKv, type EnvironmentsKv } from '@cutover/runtime';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { EnvironmentRecorder } from './environment-recorder';
import { markOrphanedEnvironments } from './orphaned-environments';

const state = (color: 'blue' | 'green', status: EnvironmentStatus, over: Partial<EnvironmentState> = {}): EnvironmentState => ({
  service: 'shop',
  color,
  version: '1.0.0',
  specHash: 'abc',
  status,
  reason: 'Whatever',
  message: '',
  endpoints: [{ host: '127.0.0.1', port: 4000 }],
  exits: [],
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...over,
});

describe('environment records', () => {
  let messaging: MessagingFixture;
  let bus: Bus;
  let kv: EnvironmentsKv;

  beforeAll(async () => {
    messaging = await startMessaging();
    bus = await messaging.connect('runtime-agent');
    kv = environmentsKv(bus);
  });

  afterEach(async () => {
    for (const key of await kv.keys()) await kv.delete(key);
  });

  afterAll(() => messaging.stop());

  describe('markOrphanedEnvironments', () => {
    const at = new Date('2025-06-01T12:00:00.000Z');

    it.each([
      ['starting', 'failed'],
      ['ready', 'failed'],
      ['stopping', 'stopped'],
    ] as const)('turns %s into %s without endpoints', async (before, after) => {
      await kv.put(environmentKey('shop', 'blue'), state('blue', before));
      const marked = await markOrphanedEnvironments(kv, () => at);
      const expected = { status: after, reason: 'AgentRestarted', endpoints: [], updatedAt: at.toISOString(), version: '1.0.0' };
      expect(marked).toEqual([expect.objectContaining(expected)]);
      expect((await kv.get('shop.blue'))?.value).toMatchObject(expected);
    });

    it.each(['failed', 'stopped'] as const)('leaves a %s environment as it is', async (status) => {
      const before = state('green', status);
      await kv.put(environmentKey('shop', 'green'), before);
      expect(await markOrphanedEnvironments(kv, () => at)).toEqual([]);
      expect((await kv.get('shop.green'))?.value).toEqual(before);
    });
  });

  describe('EnvironmentRecorder', () => {
    it('writes states in order and publishes each as an event', async () => {
      const events: string[] = [];
      const follower = await bus.follow('environmentEvent', async (env) => {
        events.push(`${env.data.color}:${env.data.status}`);
      });
      try {
        const recorder = new EnvironmentRecorder(kv, bus, createLogger('test', { level: 'error' }));
        const statuses: EnvironmentStatus[] = ['starting', 'ready', 'stopping', 'stopped'];
        for (const status of statuses) recorder.record(state('blue', status));
        recorder.record(state('green', 'starting'));
        await recorder.flush();
        expect((await kv.get('shop.blue'))?.value.status).toBe('stopped');
        expect((await kv.get('shop.green'))?.value.status).toBe('starting');
        await waitFor(() => events.length === 5, { what: 'five environment events' });
        expect(events.filter((e) => e.startsWith('blue'))).toEqual(statuses.map((s) => `blue:${s}`));
      } finally {
        await follower.stop();
      }
    });
  });
});
