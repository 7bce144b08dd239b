// The built agent as a real process, a real nats-server and the real demo app: what the
// orchestrator sees through RuntimeClient and the environments bucket.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentKey, type Color, type EnvironmentState } from '@cutover/contracts';
import { RpcError, type Bus } from '@cutover/messaging';
import { RuntimeClient, environmentsKv, readEnvironment, type EnvironmentsKv } from '@cutover/runtime';
import { freePort, startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';

const ROOT = join(__dirname, '..', '..', '..');
const AGENT = join(ROOT, 'services', 'runtime-agent', 'dist', 'main.js');
const DEMO = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');

// A process reparented to an init that has not reaped it yet is a zombie: not running.
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

interface Agent {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<unknown[]>;
}

describe('runtime-agent', () => {
  let messaging: MessagingFixture;
  let bus: Bus;
  let kv: EnvironmentsKv;
  let client: RuntimeClient;
  let dir: string;
  let configPath: string;
  const agents: Agent[] = [];
  // Every instance pid the tests saw: whatever a SIGKILLed agent could not stop is
  // cleaned up by pid.
  const seen: number[] = [];

  const startAgent = async (): Promise<Agent> => {
    const port = await freePort();
    const child = spawn(process.execPath, [AGENT, '--config', configPath], {
      env: { ...process.env, PORT: String(port), NATS_URL: messaging.server.url, CUTOVER_LOG_LEVEL: 'info', CUTOVER_STATE_DIR: join(dir, 'state') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const agent = { child, port, stderr: () => stderr, exited: once(child, 'exit') };
    agents.push(agent);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`agent exited: ${stderr}`);
        return (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200;
      },
      { timeoutMs: 30_000, what: 'the agent to be ready' },
    );
    return agent;
  };

  const state = (service: string, color: Color) => readEnvironment(kv, service, color);

  const stateBecomes = async (service: string, color: Color, pred: (s: EnvironmentState) => boolean) => {
    let last: EnvironmentState | null = null;
    await waitFor(async () => !!(last = await state(service, color)) && pred(last), {
      timeoutMs: 20_000,
      what: `${service}.${color} in KV to match`,
    });
    return last!;
  };

  const pids = async (service: string, color: Color) => {
    const d = await client.diagnostics(service, color);
    const found = (d.details.processes as { pid: number }[]).map((p) => p.pid);
    seen.push(...found);
    return found;
  };

  beforeAll(async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-b', 'examples/demo-app', 'services/runtime-agent'], { cwd: ROOT });
    messaging = await startMessaging();
    bus = await messaging.connect('runtime-agent-test');
    kv = environmentsKv(bus);
    client = new RuntimeClient(bus, { timeoutMs: 5000, retries: 1 });
    dir = mkdtempSync(join(tmpdir(), 'cutover-agent-'));
    configPath = join(dir, 'cutover.yaml');
    writeFileSync(
      configPath,
      [
        'version: 1',
        'services:',
        '  app:',
        `    command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(DEMO)}]`,
        `    cwd: ${JSON.stringify(ROOT)}`,
        '    instances: 2',
        '    stopGracePeriodMs: 3000',
        `    router: { port: ${await freePort()} }`,
        '    policy: { readinessTimeoutMs: 10000 }',
      ].join('\n'),
    );
  }, 120_000);

  afterEach(async () => {
    for (const a of agents.splice(0)) {
      if (a.child.exitCode === null && a.child.signalCode === null) a.child.kill('SIGTERM');
      await a.exited;
    }
    for (const pid of seen.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    for (const key of await kv.keys()) await kv.delete(key);
    rmSync(join(dir, 'state'), { recursive: true, force: true });
  });

  afterAll(async () => {
    await messaging?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs releases on request, records them in KV and leaves no process after SIGTERM', async () => {
    const agent = await startAgent();
    const first = await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    expect(first).toMatchObject({ service: 'app', color: 'blue', version: '1.0.0', status: 'starting' });

    const ready = await stateBecomes('app', 'blue', (s) => s.status === 'ready');
    expect(ready.endpoints).toHaveLength(2);
    const { host, port } = ready.endpoints[0]!;
    expect(await (await fetch(`http://${host}:${port}/`)).json()).toEqual({ version: '1.0.0', color: 'blue' });
    expect(await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} })).toEqual(ready);

    const firstPids = await pids('app', 'blue');
    expect(firstPids.every(isRunning)).toBe(true);
    const stopped = await client.scaleDown({ service: 'app', color: 'blue', reason: 'test scale-down' });
    expect(stopped).toMatchObject({ status: 'stopped', reason: 'ScaledDown', endpoints: [] });
    expect(firstPids.filter(isRunning)).toEqual([]);
    await stateBecomes('app', 'blue', (s) => s.status === 'stopped');

    await client.ensure({ service: 'app', color: 'green', version: '1.1.0', env: { LATENCY_MS: '1' } });
    await stateBecomes('app', 'green', (s) => s.status === 'ready');
    const greenPids = await pids('app', 'green');

    agent.child.kill('SIGTERM');
    await agent.exited;
    expect(greenPids.filter(isRunning)).toEqual([]);
    expect(await state('app', 'green')).toMatchObject({ status: 'stopped', reason: 'RuntimeClosed', endpoints: [] });
  });

  it('publishes every state change as an environment event', async () => {
    await startAgent();
    const seen: string[] = [];
    const follower = await bus.follow('environmentEvent', async (env) => {
      if (env.data.service === 'app' && env.data.color === 'blue') seen.push(env.data.status);
    }, { deliver: 'new' });
    try {
      await client.ensure({ service: 'app', color: 'blue', version: '2.0.0', env: {} });
      await stateBecomes('app', 'blue', (s) => s.status === 'ready');
      await client.scaleDown({ service: 'app', color: 'blue', reason: 'done' });
      await waitFor(() => seen.at(-1) === 'stopped', { what: 'the stopped event' });
      expect(seen.filter((s, i) => s !== seen[i - 1])).toEqual(['starting', 'ready', 'stopping', 'stopped']);
    } finally {
      await follower.stop();
    }
  });

  it('answers with a coded error for a service it does not run', async () => {
    await startAgent();
    const err = await client.ensure({ service: 'nope', color: 'blue', version: '1.0.0', env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect(err).toMatchObject({ code: 'unknown_service' });
  });

  it('explains failures in KV and in diagnostics', async () => {
    await startAgent();
    await client.ensure({ service: 'app', color: 'green', version: '1.2.0', env: { CRASH_ON_START: '1' } });
    const failed = await stateBecomes('app', 'green', (s) => s.status === 'failed');
    expect(failed.reason).toBe('ProcessExited');
    expect(failed.message).toContain('crashing on start because CRASH_ON_START=1');
    const diag = await client.diagnostics('app', 'green');
    expect(diag.environment).toMatchObject({ status: 'failed' });
    expect(diag.details.exits).toEqual(expect.arrayContaining([expect.objectContaining({ code: 1, expected: false })]));
  });

  it('adopts what a killed agent ran: the same processes, the same endpoints, and marks the rest', async () => {
    const first = await startAgent();
    await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    const ready = await stateBecomes('app', 'blue', (s) => s.status === 'ready');
    const before = await pids('app', 'blue');
    // Only in KV: no process of it is in the state folder, so nothing can be adopted.
    await kv.put(environmentKey('app', 'green'), {
      service: 'app',
      color: 'green',
      version: '0.9.0',
      specHash: null,
      status: 'stopping',
      reason: 'Stopping',
      message: 'stopping: old',
      endpoints: [{ host: '127.0.0.1', port: 1 }],
      exits: [],
      updatedAt: new Date().toISOString(),
    });
    first.child.kill('SIGKILL');
    await first.exited;

    await startAgent();
    expect(await pids('app', 'blue')).toEqual(before);
    expect(before.every(isRunning)).toBe(true);
    expect((await client.diagnostics('app', 'blue')).environment).toMatchObject({ status: 'ready', endpoints: ready.endpoints });
    await stateBecomes('app', 'green', (s) => s.status === 'stopped' && s.reason === 'AgentRestarted' && s.endpoints.length === 0);
    // The same release asked for again is recognized: nothing restarts.
    expect(await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} })).toMatchObject({ status: 'ready' });
    expect(await pids('app', 'blue')).toEqual(before);
  });

  it('marks what a killed agent ran as failed when an instance died meanwhile, kills the rest, and runs it again on request', async () => {
    const first = await startAgent();
    await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    await stateBecomes('app', 'blue', (s) => s.status === 'ready');
    const [dead, survivor] = await pids('app', 'blue');
    first.child.kill('SIGKILL');
    await first.exited;
    process.kill(-dead!, 'SIGKILL');
    await waitFor(() => !isRunning(dead!), { what: `instance ${dead} to be gone` });

    await startAgent();
    const lost = await stateBecomes('app', 'blue', (s) => s.reason === 'AgentRestarted');
    expect(lost).toMatchObject({ status: 'failed', endpoints: [], version: '1.0.0' });
    expect(lost.message).toContain(`pid ${dead}`);
    await waitFor(() => !isRunning(survivor!), { what: `instance ${survivor} to be killed` });

    await client.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    const again = await stateBecomes('app', 'blue', (s) => s.status === 'ready');
    expect(again.endpoints).toHaveLength(2);
    expect(again.exits).toEqual([]);
  });
});
