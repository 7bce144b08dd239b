import { createLogger } from '@cutover/observability';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { Lease } from './lease';

const TTL_MS = 600;
const quiet = createLogger('lease-test', { sink: () => undefined });
const clock = { now: () => new Date() };

describe('Lease', () => {
  let fx: MessagingFixture;
  beforeAll(async () => {
    fx = await startMessaging();
  });
  afterAll(() => fx.stop());

  /** A replica: its own connection, and a log of when it started and stopped the work. */
  async function replica(leaseName: string, name: string, holder: string, log: string[]) {
    const bus = await fx.connect(name);
    const lease = new Lease({
      kv: bus.stores('leases').leases,
      name: leaseName,
      holder,
      ttlMs: TTL_MS,
      clock,
      log: quiet,
      onAcquired: () => void log.push(`${holder} on`),
      onLost: () => void log.push(`${holder} off`),
    });
    lease.start();
    return { bus, lease };
  }

  it('lets one replica work; when it dies, another takes over only after the first gave up', async () => {
    const log: string[] = [];
    const a = await replica('first', 'lease-a', 'host:1', log);
    await waitFor(() => a.lease.isHeld, { timeoutMs: 5000, what: 'a to hold the lease' });
    const b = await replica('first', 'lease-b', 'host:2', log);
    // b stands by while a renews, for several times the time to live.
    await waitFor(() => log.length === 1, { timeoutMs: 5000, what: 'a on' });
    const until = Date.now() + 4 * TTL_MS;
    await waitFor(() => Date.now() > until, { timeoutMs: 10_000, intervalMs: 50, what: 'four lease lifetimes' });
    expect(b.lease.isHeld).toBe(false);

    // a loses NATS (as when its process dies): it stops working first, then b starts.
    await a.bus.close();
    await waitFor(() => b.lease.isHeld, { timeoutMs: 5000, what: 'b to take over' });
    expect(log).toEqual(['host:1 on', 'host:1 off', 'host:2 on']);
    await a.lease.stop();
    await b.lease.stop();
  });

  it('hands over at once on a clean stop, and a restarted holder takes its lease straight back', async () => {
    const log: string[] = [];
    const a = await replica('second', 'lease-c', 'host:3', log);
    await waitFor(() => a.lease.isHeld, { timeoutMs: 5000, what: 'a to hold the lease' });
    // The same holder name again, as a process restarted on the same host and port.
    const again = await replica('second', 'lease-d', 'host:3', log);
    await waitFor(() => again.lease.isHeld, { timeoutMs: TTL_MS, what: 'the restarted holder to have it back within one tick' });
    await a.lease.stop();
    await again.lease.stop();

    const c = await replica('third', 'lease-e', 'host:4', log);
    const d = await replica('third', 'lease-f', 'host:5', log);
    await waitFor(() => c.lease.isHeld || d.lease.isHeld, { timeoutMs: 5000, what: 'one of them to hold the lease' });
    const [holder, standby] = c.lease.isHeld ? [c, d] : [d, c];
    await holder.lease.stop();
    await waitFor(() => standby.lease.isHeld, { timeoutMs: TTL_MS, what: 'the standby to take over within one tick of the stop' });
    expect(holder.lease.isHeld).toBe(false);
    await standby.lease.stop();
  });
});
