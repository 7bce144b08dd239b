import { RetentionPolicy, StorageType, nanos } from 'nats';
import { buckets, streams } from '@cutover/contracts';
import { freePort, startNatsServer, type NatsServerHandle } from '@cutover/testkit';
import { Bus } from './bus';
import { NatsAuthError, NatsUnreachableError, TopologyError } from './errors';
import { DUPLICATE_WINDOW_MS, bucketHistory } from './topology';

describe('Bus.connect and ensureTopology', () => {
  let server: NatsServerHandle;
  const buses: Bus[] = [];
  const connect = async (name: string) => {
    const bus = await Bus.connect({ url: server.url, name, connectTimeoutMs: 5000 });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await server.stop();
  });

  it('creates streams and buckets from several processes at once, and converges changed settings', async () => {
    const first = await connect('orchestrator');
    const jsm = await first.connection.jetstreamManager();
    await jsm.streams.add({ name: streams.events.name, subjects: [...streams.events.subjects], max_age: nanos(60_000) });

    const all = await Promise.all(['orchestrator', 'switcher', 'rollback'].map(connect));
    await Promise.all(all.map((b) => b.ensureTopology()));
    await first.ensureTopology();

    const commands = await jsm.streams.info(streams.commands.name);
    expect(commands.config).toMatchObject({ retention: RetentionPolicy.Workqueue, storage: StorageType.File, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    expect((await jsm.streams.info(streams.events.name)).config.max_age).toBe(nanos(7 * 24 * 3600 * 1000));
    const deployments = await jsm.streams.info(`KV_${buckets.deployments}`);
    expect(deployments.config).toMatchObject({ max_msgs_per_subject: bucketHistory[buckets.deployments], storage: StorageType.File });
  });

  it('lets one durable consumer own a command subject', async () => {
    const bus = await connect('orchestrator');
    await bus.ensureTopology();
    const owner = await bus.consume('switch', async () => undefined, { durable: 'switcher-switch' });
    const replica = await bus.consume('switch', async () => undefined, { durable: 'switcher-switch' });
    await expect(bus.consume('switch', async () => undefined, { durable: 'intruder' })).rejects.toBeInstanceOf(TopologyError);
    await Promise.all([owner.stop(), replica.stop()]);
  });

  it('fails with NatsUnreachableError when nothing listens, within the timeout', async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(Bus.connect({ url: `nats://127.0.0.1:${port}`, name: 'cli', connectTimeoutMs: 600 })).rejects.toBeInstanceOf(NatsUnreachableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails at once with NatsAuthError on wrong credentials', async () => {
    const guarded = await startNatsServer({ args: ['--user', 'cutover', '--pass', 's3cret'] });
    try {
      await expect(Bus.connect({ url: guarded.url, name: 'cli', user: 'cutover', pass: 'wrong', connectTimeoutMs: 10_000 })).rejects.toBeInstanceOf(NatsAuthError);
      const ok = await Bus.connect({ url: guarded.url, name: 'cli', user: 'cutover', pass: 's3cret' });
      await ok.close();
    } finally {
      await guarded.stop();
    }
  });
});
