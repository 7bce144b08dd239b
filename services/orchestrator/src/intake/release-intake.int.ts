// The release intake against a real nats-server: what one deployment per service means when
// releases of one service arrive at the same moment through several connections (HTTP
// requests in one orchestrator, or several replicas).
import { parseConfig } from '@cutover/config';
import { encode, isTerminal } from '@cutover/contracts';
import { startMessaging, type MessagingFixture } from '@cutover/testkit';
import { openStores, type Stores } from '../stores';
import { takeRelease } from './release-intake';
import { ORPHAN_LOCK_GRACE_MS } from './service-lock';

const config = parseConfig('version: 1\nservices:\n  shop: { command: node shop.js, router: { port: 8080 } }\n', '/tmp/cutover-intake-test.yaml');
const realClock = { now: () => new Date() };
const release = (version: string) => encode('release', { service: 'shop', version }, { source: 'test' });

let messaging: MessagingFixture;
let replicas: Stores[];

beforeEach(async () => {
  messaging = await startMessaging();
  replicas = await Promise.all(Array.from({ length: 4 }, async (_, i) => openStores(await messaging.connect(`replica-${i}`))));
});

afterEach(async () => {
  await messaging.stop();
});

describe('takeRelease', () => {
  it('accepts exactly one of many simultaneous releases of a service; the others are busy and leave no record', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => takeRelease(release(`1.${i}.0`), { config, stores: replicas[i % replicas.length]!, clock: realClock })),
    );
    const accepted = results.flatMap((r) => (r.ok ? [r.record] : []));
    expect(accepted).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(11).fill('busy'));

    const stores = replicas[0]!;
    expect(await stores.deployments.keys()).toEqual([accepted[0]!.id]);
    expect((await stores.services.get('shop'))?.value.activeDeploymentId).toBe(accepted[0]!.id);
  });

  it('refuses while the lock holder is running and takes the lock once it is over', async () => {
    const stores = replicas[0]!;
    const first = await takeRelease(release('1.0.0'), { config, stores, clock: realClock });
    expect(first.ok).toBe(true);
    const busy = await takeRelease(release('2.0.0'), { config, stores, clock: realClock });
    expect(busy).toMatchObject({ ok: false, code: 'busy', message: expect.stringMatching(/already has deployment shop-\w+ \(1\.0\.0, phase Requested\)/) });

    const entry = (await stores.deployments.get(first.ok ? first.record.id : ''))!;
    const finishedAt = new Date().toISOString();
    await stores.deployments.update(entry.key, { ...entry.value, phase: 'Failed', finishedAt }, entry.revision);
    const second = await takeRelease(release('2.0.0'), { config, stores, clock: realClock });
    expect(second.ok && second.record.version).toBe('2.0.0');
    expect(second.ok && isTerminal(second.record.phase)).toBe(false);
    // Its life starts when it took the lock, after the previous one ended.
    expect(second.ok && Date.parse(second.record.createdAt)).toBeGreaterThanOrEqual(Date.parse(finishedAt));
  });

  it('takes over a lock whose deployment record never appeared, once the grace period is over', async () => {
    const stores = replicas[0]!;
    const orphan = 'shop-000000000deadbeef';
    await stores.services.create('shop', { service: 'shop', activeDeploymentId: orphan, recentDeploymentIds: [orphan] });
    // Each reading of the clock is a second later, so the grace period passes in a few checks.
    let t = Date.now();
    const jumpingClock = { now: () => new Date((t += 1000)) };
    const started = t;
    const result = await takeRelease(release('1.0.0'), { config, stores, clock: jumpingClock });
    expect(result.ok).toBe(true);
    expect(t - started).toBeGreaterThanOrEqual(ORPHAN_LOCK_GRACE_MS);
    expect((await stores.services.get('shop'))?.value).toMatchObject({ activeDeploymentId: result.ok ? result.record.id : '', recentDeploymentIds: [expect.any(String), orphan] });
  });

  it('withdraws a record written after its lock was taken over, and answers busy', async () => {
    const [slowStores, otherStores] = [replicas[0]!, replicas[1]!];
    // The slow replica stalls between taking the lock and writing its record.
    let reached!: () => void;
    let proceed!: () => void;
    const atCreate = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (proceed = resolve));
    const stalled: Stores = {
      ...slowStores,
      deployments: Object.assign(Object.create(slowStores.deployments) as Stores['deployments'], {
        create: async (key: string, value: Parameters<Stores['deployments']['create']>[1]) => {
          reached();
          await gate;
          return slowStores.deployments.create(key, value);
        },
      }),
    };
    const slow = takeRelease(release('1.0.0'), { config, stores: stalled, clock: realClock });
    await atCreate;
    let t = Date.now();
    const other = await takeRelease(release('2.0.0'), { config, stores: otherStores, clock: { now: () => new Date((t += 1000)) } });
    expect(other.ok).toBe(true);
    proceed();

    expect(await slow).toMatchObject({ ok: false, code: 'busy', message: expect.stringMatching(/taken by another release/) });
    const winner = other.ok ? other.record.id : '';
    expect(await otherStores.deployments.keys()).toEqual([winner]);
    expect((await otherStores.services.get('shop'))?.value.activeDeploymentId).toBe(winner);
  });
});
