// Bad input never crashes anything: the CLI names the problem and exits 2, the HTTP API
// answers 4xx with the bad fields, raw bad messages land in the dead-letter stream.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { subjects, streams, type DeadLetter } from '@cutover/contracts';
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
