// Bad input never crashes anything: the CLI names the problem and exits 2, the HTTP API
// answers 4xx with the bad fields, raw bad messages land in the dead-letter stream.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, StringCodec, type NatsConnection } from 'nats';
import {
  buckets,
  decode,
  encode,
  serialize,
  streams,
  subjects,
  type Color,
  type DeadLetter,
  type Envelope,
  type PayloadOf,
} from '@cutover/contracts';
import { waitFor } from '@cutover/testkit';
import { CLI, getJson, startStack, type Stack } from './support/cutover';

let stack: Stack;
let nc: NatsConnection;
const sc = StringCodec();

beforeAll(async () => {
  stack = await startStack({ demo: { instances: 1 } });
  nc = await connect({ servers: stack.natsUrl });
});

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
});

async function deadLetters(): Promise<DeadLetter[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(streams.deadLetters.name);
  const out: DeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(streams.deadLetters.name, { seq }).catch(() => null);
    if (m) out.push((JSON.parse(sc.decode(m.data)) as { data: DeadLetter }).data);
  }
  return out;
}

describe('the CLI refuses bad input with exit 2 and one clear line', () => {
  it.each([
    [['release', 'demo', '1.x'], /version/],
    [['release', 'Demo_App', '1.0.0'], /service/],
    [['release', 'demo', '1.0.0', '--env', 'NOEQUALS'], /KEY=VALUE|=/],
    [['release', 'demo', '1.0.0', '--env', '1BAD=x'], /1BAD/],
    [['release', 'demo', '1.0.0', '--bogus'], /unknown option/],
    [['frobnicate'], /unknown command/],
    [['release', 'demo'], /missing required argument/],
  ])('cutover %j', async (args, message) => {
    const r = await stack.cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('an unknown service is rejected by the orchestrator and named', async () => {
    const r = await stack.cli(['release', 'nosuch', '1.0.0', '--wait']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown service "nosuch"/);
  });

  it('cannot reach Cutover: exit 3', async () => {
    const r = spawnSync(process.execPath, [CLI, 'status', '--nats', 'nats://127.0.0.1:1'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/cannot reach/);
  });

  it('an invalid cutover.yaml stops `up` before anything starts and names the bad field', () => {
    const bad = join(stack.dataDir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nservices:\n  demo:\n    command: node x.js\n    router: { port: 8080 }\n    policy: { probe: { intervalMs: -5 } }\n');
    const r = spawnSync(process.execPath, [CLI, 'up', '--config', bad, '--nats', stack.natsUrl], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/services\.demo\.policy\.probe\.intervalMs/);
  });
});

describe('the HTTP API answers 4xx with the reason', () => {
  const post = (path: string, body: string) =>
    fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('malformed JSON → 400', async () => {
    const res = await post('/api/releases', '{"service": "demo",');
    expect(res.status).toBe(400);
  });

  it('missing and unknown fields → 400 naming each', async () => {
    const res = await post('/api/releases', JSON.stringify({ service: 'demo', colour: 'blue' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: { path: string }[] };
    expect(body.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['/version', '/colour']));
  });

  it('unknown service → 404; unknown deployment → 404', async () => {
    expect((await post('/api/releases', JSON.stringify({ service: 'nosuch', version: '1.0.0' }))).status).toBe(404);
    expect((await getJson(`${stack.apiUrl}/api/deployments/demo-000000000`)).status).toBe(404);
  });
});

describe('raw bad messages on the command stream', () => {
  it.each([
    ['malformed JSON', '{"id": "x", "type": '],
    ['wrong schema', JSON.stringify({ id: 'bad-schema-1', type: 'cutover.release', version: 1, time: new Date().toISOString(), source: 'test', correlationId: 'c', data: { service: 'demo' } })],
    ['wrong version', JSON.stringify({ id: 'bad-version-1', type: 'cutover.release', version: 9, time: new Date().toISOString(), source: 'test', correlationId: 'c', data: {} })],
  ])('%s is dead-lettered with the reason and the consumer keeps working', async (_what, raw) => {
    const js = nc.jetstream();
    await js.publish(subjects.release(), sc.encode(raw));
    await waitFor(async () => (await deadLetters()).some((d) => d.raw === raw), { timeoutMs: 10_000, what: 'dead letter' });
    const letter = (await deadLetters()).find((d) => d.raw === raw)!;
    expect(letter.subject).toBe(subjects.release());
    expect(letter.reason.length).toBeGreaterThan(5);
    expect((await getJson(`${stack.apiUrl}/readyz`)).status).toBe(200);
  });
});

// The KV streams' last sequence moves on any write, so an unchanged one proves no state change.
const STATE_BUCKETS = [buckets.deployments, buckets.services, buckets.routing];
async function stateMarks(): Promise<number[]> {
  const jsm = await nc.jetstreamManager();
  return Promise.all(STATE_BUCKETS.map(async (b) => (await jsm.streams.info(`KV_${b}`)).state.last_seq));
}

/** Collects the decoded messages of one event type on a subject until the test ends. */
function collect<K extends 'switchResult' | 'releaseRejected' | 'deploymentEvent'>(key: K, subject: string): Envelope<PayloadOf<K>>[] {
  const got: Envelope<PayloadOf<K>>[] = [];
  nc.subscribe(subject, { callback: (_err, m) => got.push(decode(key, m.data)) });
  return got;
}

const command = <K extends 'switch' | 'release'>(key: K, data: PayloadOf<K>, id?: string) =>
  encode(key, data, { source: 'bad-input-test', ...(id ? { id } : {}) });

describe('bad commands change no state and leave every consumer working', () => {
  let before: number[];

  beforeAll(async () => {
    await nc.flush();
    before = await stateMarks();
  });

  async function deadLetterOf(raw: string): Promise<DeadLetter> {
    await waitFor(async () => (await deadLetters()).some((d) => d.raw === raw), { timeoutMs: 15_000, what: 'dead letter' });
    return (await deadLetters()).find((d) => d.raw === raw)!;
  }

  it.each([
    ['a JSON array', subjects.release(), '[1, 2, 3]', 'malformed', 'expected a JSON object envelope'],
    ['an empty body', subjects.approve(), '', 'malformed', 'not JSON'],
    ['another message type', subjects.approve(), JSON.stringify({ id: 'wrong-type-1', type: 'cutover.release', version: 1 }), 'unknown_type', 'is not cutover.deployment.approve'],
    ['an unsupported version', subjects.switch(), JSON.stringify({ id: 'v0-1', type: 'cutover.switch', version: 0 }), 'unsupported_version', 'supported: 1'],
    ['an unknown field in the envelope', subjects.abort(), JSON.stringify({ ...command('release', { service: 'demo', version: '1.0.0' }), type: 'cutover.deployment.abort', data: { deploymentId: 'demo-000000000' }, extra: 1 }), 'invalid_input', '/extra'],
    ['a bad date', subjects.promote(), JSON.stringify({ ...command('release', { service: 'demo', version: '1.0.0' }), type: 'cutover.deployment.promote', time: 'yesterday', data: { deploymentId: 'demo-000000000' } }), 'invalid_input', '/time'],
    ['an unknown color', subjects.switch(), JSON.stringify({ ...command('switch', { service: 'demo', toColor: 'blue', expectedColor: null, reason: 'x' }), data: { service: 'demo', toColor: 'purple', expectedColor: null, reason: 'x' } }), 'invalid_input', '/data/toColor'],
    ['a service name with subject wildcards', subjects.rollback(), JSON.stringify({ ...command('release', { service: 'demo', version: '1.0.0' }), type: 'cutover.rollback', data: { service: 'demo.>', reason: 'x' } }), 'invalid_input', '/data/service'],
  ])('%s is dead-lettered with its code and reason', async (_what, subject, raw, code, reason) => {
    await nc.jetstream().publish(subject, sc.encode(raw));
    const letter = await deadLetterOf(raw);
    expect(letter).toMatchObject({ subject, code, truncated: false });
    expect(letter.reason).toContain(reason);
  });

  it('a message over 256 KiB is dead-lettered unread, its record cut at 64 KiB', async () => {
    const raw = JSON.stringify({ id: 'big-1', type: 'cutover.release', version: 1, padding: 'x'.repeat(300 * 1024) });
    await nc.jetstream().publish(subjects.release(), sc.encode(raw));
    await waitFor(async () => (await deadLetters()).some((d) => d.raw.startsWith('{"id":"big-1"')), { timeoutMs: 15_000, what: 'dead letter' });
    const letter = (await deadLetters()).find((d) => d.raw.startsWith('{"id":"big-1"'))!;
    expect(letter).toMatchObject({ code: 'malformed', truncated: true });
    expect(letter.reason).toContain(`${Buffer.byteLength(raw)} bytes is over the 262144-byte limit`);
    expect(Buffer.byteLength(letter.raw)).toBe(64 * 1024);
  });

  it('a message over the server max_payload is refused at publish and never stored', async () => {
    const jsm = await nc.jetstreamManager();
    const stored = (await jsm.streams.info(streams.commands.name)).state.last_seq;
    const tooBig = new Uint8Array(nc.info!.max_payload + 1);
    await expect(nc.jetstream().publish(subjects.release(), tooBig)).rejects.toThrow(/MAX_PAYLOAD_EXCEEDED/);
    expect((await jsm.streams.info(streams.commands.name)).state.last_seq).toBe(stored);
  });

  it('a switch for an unknown service is answered unknown_service', async () => {
    const results = collect('switchResult', subjects.switchResult('nosuch'));
    const cmd = command('switch', { service: 'nosuch', toColor: 'blue', expectedColor: null, reason: 'bad input' });
    await nc.jetstream().publish(subjects.switch(), serialize(cmd));
    await waitFor(() => results.some((r) => r.data.commandId === cmd.id), { timeoutMs: 15_000, what: 'the switch result' });
    expect(results.find((r) => r.data.commandId === cmd.id)!.data).toMatchObject({ ok: false, code: 'unknown_service', error: 'no service nosuch in the configuration' });
  });

  it('a switch with a stale expected color is refused after the bad ones, and routing stays as it was', async () => {
    const live = await getJson(`${stack.apiUrl}/api/services/demo`);
    const liveColor = (live.body.routing as { liveColor: Color } | null)?.liveColor ?? null;
    const stale: Color = liveColor === 'blue' ? 'green' : 'blue';
    const results = collect('switchResult', subjects.switchResult('demo'));
    const cmd = command('switch', { service: 'demo', toColor: stale, expectedColor: stale, reason: 'stale' });
    await nc.jetstream().publish(subjects.switch(), serialize(cmd));
    await waitFor(() => results.some((r) => r.data.commandId === cmd.id), { timeoutMs: 15_000, what: 'the switch result' });
    expect(results.find((r) => r.data.commandId === cmd.id)!.data).toMatchObject({ ok: false, code: 'stale_expected_color', fromColor: liveColor });
    expect((await getJson(`${stack.apiUrl}/api/services/demo`)).body.routing).toEqual(live.body.routing);
  });

  it('a release for an unknown service is answered with a rejection, after the bad ones', async () => {
    const rejected = collect('releaseRejected', subjects.releaseRejected());
    const cmd = command('release', { service: 'nosuch', version: '1.0.0' });
    await nc.jetstream().publish(subjects.release(), serialize(cmd));
    await waitFor(() => rejected.some((r) => r.data.requestId === cmd.id), { timeoutMs: 15_000, what: 'the rejection' });
    expect(rejected.find((r) => r.data.requestId === cmd.id)!.data).toMatchObject({ code: 'unknown_service', reason: 'unknown service "nosuch" (configured: demo)' });
  });

  it('a release for another environment is answered wrong_environment', async () => {
    const rejected = collect('releaseRejected', subjects.releaseRejected());
    const cmd = command('release', { service: 'demo', version: '1.0.0', environment: 'production' });
    await nc.jetstream().publish(subjects.release(), serialize(cmd));
    await waitFor(() => rejected.some((r) => r.data.requestId === cmd.id), { timeoutMs: 15_000, what: 'the rejection' });
    expect(rejected.find((r) => r.data.requestId === cmd.id)!.data.code).toBe('wrong_environment');
  });

  it('a replayed message id inside the duplicate window is stored once', async () => {
    const cmd = command('release', { service: 'nosuch', version: '1.0.1' }, `replay-${Date.now()}`);
    const first = await nc.jetstream().publish(subjects.release(), serialize(cmd), { msgID: cmd.id });
    const again = await nc.jetstream().publish(subjects.release(), serialize(cmd), { msgID: cmd.id });
    expect([first.duplicate, again.duplicate, again.seq]).toEqual([false, true, first.seq]);
  });

  it('after all of the above, no deployment, service or routing record changed', async () => {
    expect(await stateMarks()).toEqual(before);
  });
});

describe('the HTTP API names each bad field', () => {
  let before: number[];
  beforeAll(async () => {
    before = await stateMarks();
  });

  const send = (method: string, path: string, body: string) =>
    fetch(`${stack.apiUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body });

  it.each([
    ['a release with wrong types', '/api/releases', JSON.stringify({ service: 'demo', version: 100 }), ['/version']],
    ['a release with a bad service name and version', '/api/releases', JSON.stringify({ service: 'Demo_App', version: '1.x' }), ['/service', '/version']],
    ['a release whose body is an array', '/api/releases', '[]', ['']],
    ['a release whose env is not a map of strings', '/api/releases', JSON.stringify({ service: 'demo', version: '1.0.0', env: { A: 1 } }), ['/env/A']],
    ['an approval with an unknown field', '/api/deployments/demo-000000000/approve', JSON.stringify({ approver: 'me' }), ['/approver']],
    ['an abort of a malformed deployment id', '/api/deployments/not%20an%20id/abort', '{}', ['/deploymentId']],
    ['a rollback whose reason is a number', '/api/services/demo/rollback', JSON.stringify({ reason: 5 }), ['/reason']],
  ])('%s → 400 invalid_input', async (_what, path, body, paths) => {
    const res = await send('POST', path, body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: string; problems: { path: string }[] };
    expect(answer.error).toBe('invalid_input');
    expect(answer.problems.map((p) => p.path)).toEqual(expect.arrayContaining(paths));
  });

  it.each([
    ['/api/deployments/demo-000000000/promote', 'unknown_deployment'],
    ['/api/services/nosuch/rollback', 'unknown_service'],
  ])('POST %s → 404 %s', async (path, error) => {
    const res = await send('POST', path, '{}');
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([404, error]);
  });

  it('changed no deployment, service or routing record', async () => {
    expect(await stateMarks()).toEqual(before);
  });
});

describe('a release replayed after its deployment ended', () => {
  it('becomes no second deployment: deployment, service and routing records stay as they are', async () => {
    const events = collect('deploymentEvent', subjects.deploymentEvent('demo'));
    const cmd = command('release', { service: 'demo', version: '9.0.0' }, `replayed-${Date.now()}`);
    const js = nc.jetstream();
    await js.publish(subjects.release(), serialize(cmd), { msgID: cmd.id });
    await waitFor(() => events.some((e) => e.data.deployment.requestId === cmd.id && ['Succeeded', 'Failed', 'RolledBack', 'Aborted'].includes(e.data.deployment.phase)), {
      timeoutMs: 60_000,
      what: 'the deployment of the release to end',
    });
    const before = await stateMarks();

    // The same envelope under another message id, as JetStream takes it once its two-minute
    // duplicate window is over; the work queue drops it when the orchestrator acknowledged it.
    const replay = await js.publish(subjects.release(), serialize(cmd), { msgID: `${cmd.id}-after-the-window` });
    expect(replay.duplicate).toBe(false);
    const jsm = await nc.jetstreamManager();
    await waitFor(async () => (await jsm.streams.getMessage(streams.commands.name, { seq: replay.seq }).catch(() => null)) === null, {
      timeoutMs: 15_000,
      what: 'the orchestrator to take the replayed release',
    });
    expect(await stateMarks()).toEqual(before);
  });
});
