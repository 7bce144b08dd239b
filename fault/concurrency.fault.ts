// Issue 6, item 4: 100 releases over 20 services, published at once from several clients.
// At most one deployment per service at a time, every release ends with a recorded
// verdict, and each service's routing ends on its last successful release. First as
// published (most are refused as busy), then as CI pipelines would: retried until taken.
import { isTerminal, type DeploymentRecord } from '@cutover/contracts';
import { Bus } from '@cutover/messaging';
import { getJson, processLog, startStack, type Stack } from '../e2e/support/cutover';
import { cliInProcessClient, cliProcessClient, httpClient, type Answer, type Release, type ReleaseClient } from './support/release-clients';
import { byService, lastSucceeded, overlapping, readRejections, settledDeployments } from './support/release-records';

const SERVICES = Array.from({ length: 20 }, (_, i) => `svc${String(i + 1).padStart(2, '0')}`);
const VERSIONS = 5;
// Two releases in five fail before traffic moves, in a different order per service, so
// "the last successful release" is not simply the last one published.
const FAULTS: Record<string, string>[] = [{}, { FAULT_RATE: '1' }, {}, { CRASH_ON_START: '1' }, {}];
const SETTLE_MS = 4 * 60_000;

interface Published {
  release: Release;
  client: string;
  /** A CLI: its exit code is the verdict (0 only for a release that went live). */
  cli: boolean;
  answers: Answer[];
}

const releasesOf = (major: number): Release[] =>
  SERVICES.flatMap((service, s) =>
    Array.from({ length: VERSIONS }, (_, v) => ({ service, version: `${major}.${v}.0`, env: FAULTS[(s + v) % FAULTS.length]! })),
  );

const expectedPhase = (r: Release) => (Object.keys(r.env).length === 0 ? 'Succeeded' : 'Failed');

// Deterministic shuffle: releases of one service interleave across clients and time.
const shuffled = <T>(items: T[]): T[] => items.map((item, i) => ({ item, key: (i * 7919) % 101 })).sort((a, b) => a.key - b.key).map((x) => x.item);

let stack: Stack;
let bus: Bus;

beforeAll(async () => {
  const services = Object.fromEntries(SERVICES.map((s) => [s, { instances: 1, policy: { monitorWindowMs: 2000, scaleDownDelayMs: 1000 } }]));
  stack = await startStack(services);
  bus = await Bus.connect({ url: stack.natsUrl, name: 'fault-concurrency' });
}, 120_000);

afterAll(async () => {
  await bus?.close();
  await stack?.stop();
});

afterEach(() => {
  if (process.env.CUTOVER_E2E_LOGS) console.log(processLog(stack, 'orchestrator'));
});

// The CLI gives up on NATS after a few seconds (connect, stream check, publish
// acknowledgement); with a hundred clients on two loaded cores that happens, and a pipeline
// runs the job again. A few times at most: a client that never gets through is a failure.
const MAX_UNREACHED = 4;
const unreached = (p: Published) =>
  p.answers[p.answers.length - 1]!.kind === 'unknown' && p.answers.filter((a) => a.kind === 'unknown').length < MAX_UNREACHED;

// A pipeline's retry: back off with jitter so the waiting releases do not stampede.
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 300 + ((attempt * 337 + Date.now()) % 900)));

/** Publishes every release at once, each through one of the clients, round-robin. */
async function publishAll(releases: Release[], clients: [string, ReleaseClient, boolean][], send: (p: Published, client: ReleaseClient) => Promise<void>): Promise<Published[]> {
  const published = shuffled(releases).map((release, i) => {
    const [client, , cli] = clients[i % clients.length]!;
    return { release, client, cli, answers: [] as Answer[] };
  });
  await Promise.all(published.map((p) => send(p, clients.find(([name]) => name === p.client)![1])));
  return published;
}

async function checkInvariants(published: Published[], records: DeploymentRecord[]): Promise<void> {
  expect(overlapping(records)).toEqual([]);

  // Every release has a verdict its publisher saw, and that verdict is on record.
  const rejections = await readRejections(bus);
  const rejectedIds = new Set(rejections.map((r) => r.requestId));
  const byId = new Map(records.map((r) => [r.id, r]));
  const missing: string[] = [];
  for (const p of published) {
    for (const a of p.answers) {
      const what = `${p.release.service} ${p.release.version} via ${p.client}`;
      if (a.kind === 'unknown' && a === p.answers[p.answers.length - 1]) missing.push(`${what}: no verdict (${a.detail})`);
      else if (a.kind === 'accepted' && !isTerminal(byId.get(a.record.id)?.phase ?? 'Requested')) missing.push(`${what}: ${a.record.id} not on record as finished`);
      else if (a.kind === 'rejected' && !rejectedIds.has(a.requestId!)) missing.push(`${what}: refusal ${a.requestId} not on record`);
      else if (a.kind === 'rejected' && a.code !== 'busy') missing.push(`${what}: refused for ${a.code}: ${a.reason}`);
    }
  }
  expect(missing).toEqual([]);

  // Nothing ran that no publisher was told about, and nothing ran twice.
  const accepted = published.flatMap((p) => p.answers.flatMap((a) => (a.kind === 'accepted' ? [a.record.id] : [])));
  const versions = new Set(published.map((p) => `${p.release.service}@${p.release.version}`));
  const ran = records.filter((r) => versions.has(`${r.service}@${r.version}`)).map((r) => r.id);
  expect(ran.sort()).toEqual([...new Set(accepted)].sort());
  expect(accepted).toHaveLength(ran.length);

  // Each deployment ended as its release's faults say.
  const release = new Map(published.map((p) => [`${p.release.service}@${p.release.version}`, p.release]));
  const wrongVerdicts = records
    .filter((r) => release.has(`${r.service}@${r.version}`) && r.phase !== expectedPhase(release.get(`${r.service}@${r.version}`)!))
    .map((r) => `${r.service} ${r.version}: ${r.phase} (${r.reason}: ${r.message})`);
  expect(wrongVerdicts).toEqual([]);

  // Routing, in the store and on the wire, is the last successful release of each service.
  const last = lastSucceeded(records);
  const { routing } = bus.stores('routing');
  for (const service of SERVICES) {
    const want = last.get(service);
    const stored = (await routing.get(service))?.value ?? null;
    if (!want) {
      expect({ service, live: stored?.liveColor ?? null }).toEqual({ service, live: null });
      continue;
    }
    expect({ service, color: stored?.liveColor, version: stored?.liveVersion }).toEqual({ service, color: want.toColor, version: want.version });
    expect({ service, ...(await getJson(stack.publicUrl(service))).body }).toEqual({ service, version: want.version, color: want.toColor });
  }
}

describe('100 releases over 20 services, published at once', () => {
  it('as published: one deployment per service at a time, the rest refused as busy, all on record', async () => {
    const clients: [string, ReleaseClient, boolean][] = [
      // Twenty CLI processes starting at once already saturate two cores.
      ['cli-process', cliProcessClient(stack), true],
      ['cli-in-process-a', cliInProcessClient(stack), true],
      ['cli-in-process-b', cliInProcessClient(stack), true],
      ['http-a', httpClient(stack), false],
      ['http-b', httpClient(stack), false],
    ];
    const t0 = Date.now();
    const published = await publishAll(releasesOf(1), clients, async (p, client) => {
      for (let attempt = 0; ; attempt++) {
        p.answers.push(await client(p.release, { wait: false }));
        if (!unreached(p)) return;
        await backOff(attempt);
      }
    });
    const answers = published.map((p) => p.answers[p.answers.length - 1]!);
    const accepted = answers.filter((a) => a.kind === 'accepted').length;
    const busy = answers.filter((a) => a.kind === 'rejected' && a.code === 'busy').length;
    const records = await settledDeployments(bus, accepted, SETTLE_MS);
    const retried = published.flatMap((p) => p.answers.filter((a) => a.kind === 'unknown'));
    console.log(`phase 1: ${accepted} accepted, ${busy} refused as busy, ${retried.length} client runs retried, settled in ${Date.now() - t0} ms`);

    expect(accepted + busy).toBe(100);
    expect(accepted).toBeGreaterThanOrEqual(SERVICES.length);
    expect(busy).toBeGreaterThan(0);
    expect(records).toHaveLength(accepted);
    await checkInvariants(published, records);
  }, 8 * 60_000);

  it('retried until taken, as CI pipelines would: every release deployed or failed for its own reason', async () => {
    const clients: [string, ReleaseClient, boolean][] = [
      ['cli-in-process-a', cliInProcessClient(stack), true],
      ['cli-in-process-b', cliInProcessClient(stack), true],
      ['http-a', httpClient(stack), false],
      ['http-b', httpClient(stack), false],
    ];
    const before = (await settledDeployments(bus, 0, SETTLE_MS)).length;
    const t0 = Date.now();
    const published = await publishAll(releasesOf(2), clients, async (p, client) => {
      for (let attempt = 0; ; attempt++) {
        const answer = await client(p.release, { wait: true });
        p.answers.push(answer);
        if (!unreached(p) && (answer.kind !== 'rejected' || answer.code !== 'busy')) return;
        await backOff(attempt);
      }
    });
    const records = await settledDeployments(bus, before + 100, SETTLE_MS);
    const attempts = published.reduce((n, p) => n + p.answers.length, 0);
    console.log(`phase 2: 100 releases in ${attempts} attempts, settled in ${Date.now() - t0} ms`);

    const finals = published.map((p) => p.answers[p.answers.length - 1]!);
    expect(finals.filter((a) => a.kind !== 'accepted')).toEqual([]);
    const ours = records.filter((r) => r.version.startsWith('2.'));
    expect(ours).toHaveLength(100);
    expect(Object.values(byService(ours)).map((l) => l.length)).toEqual(SERVICES.map(() => VERSIONS));
    // The publisher's verdict is the deployment's: exit code 0 only for a live release.
    const cliVerdicts = published
      .filter((p) => p.cli)
      .map((p) => {
        const a = p.answers[p.answers.length - 1]! as Extract<Answer, { kind: 'accepted' }>;
        return { release: `${p.release.service} ${p.release.version}`, phase: a.record.phase, exit: a.exitCode };
      });
    expect(cliVerdicts.filter((v) => (v.phase === 'Succeeded') !== (v.exit === 0))).toEqual([]);
    await checkInvariants(published, records);
  }, 8 * 60_000);
});
