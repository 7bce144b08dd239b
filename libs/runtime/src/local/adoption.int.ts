// A runtime whose host is killed (SIGKILL: no handler, no exit hook runs) leaves its
// instances running; a later runtime on the same state folder adopts them, or stops what
// is left of them, never touching a process that only reuses a recorded pid.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Color, EnvironmentState } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { createLogger } from '@cutover/observability';
import { waitFor } from '@cutover/testkit';
import { LocalRuntime } from './local-runtime';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');
const RUNTIME = join(ROOT, 'libs', 'runtime', 'dist', 'index.js');

// Answers only after 1.5 s, and writes to stderr all the time: with stderr on a pipe it
// would die of EPIPE once its agent is gone.
const LATE = `setInterval(() => process.stderr.write('tick\\n'), 50);
setTimeout(() => require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1'), 1500);`;

const service = (name: string, command: string[], instances: number): ServiceConfig => ({
  name,
  command,
  cwd: ROOT,
  instances,
  env: {},
  readinessPath: '/healthz',
  stopGracePeriodMs: 3000,
  router: { host: '127.0.0.1', port: 1 },
  image: null,
  kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: {}, podLabelsFromEnv: {} },
  policy: {
    readinessTimeoutMs: 15_000,
    verify: { successesRequired: 3, timeoutMs: 10_000 },
    approval: { required: false, timeoutMs: null },
    monitorWindowMs: 10_000,
    scaleDownDelayMs: 0,
    probe: { path: '/healthz', intervalMs: 200, timeoutMs: 500, expectedStatus: 200, failureThreshold: 3, successThreshold: 2 },
    traffic: { maxErrorRate: 0.1, minRequests: 10, windowMs: 10_000 },
  },
});

const services: Record<string, ServiceConfig> = {
  app: service('app', [process.execPath, DEMO], 2),
  late: service('late', [process.execPath, '-e', LATE], 1),
};

// Runtime A: ensures one environment and prints its state once it has the status asked
// for (argv: state folder, service, status); then waits to be killed.
const HOST = `
const { LocalRuntime } = require(${JSON.stringify(RUNTIME)});
const [stateDir, service, status] = process.argv.slice(1);
const runtime = new LocalRuntime({ services: ${JSON.stringify(services)}, stateDir });
runtime.onChange((s) => {
  if (s.status === status && s.endpoints.length > 0) process.stdout.write(JSON.stringify(s) + '\\n');
});
runtime.ensure({ service, color: 'blue', version: '1.0.0', env: {} });
`;

// A zombie (reparented, not reaped yet) does not run any more.
function isRunning(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}


function untilState(runtime: LocalRuntime, name: string, pred: (s: EnvironmentState) => boolean, timeoutMs = 15_000): Promise<EnvironmentState> {
  return new Promise((resolve, reject) => {
    const check = (s: EnvironmentState | null) => {
      if (s && s.service === name && pred(s)) {
        off();
        clearTimeout(timer);
        resolve(s);
      }
    };
    const off = runtime.onChange(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${name}.blue never matched; last: ${JSON.stringify(runtime.get(name, 'blue'))}`));
    }, timeoutMs);
    check(runtime.get(name, 'blue'));
  });
}

async function pids(runtime: LocalRuntime, name: string, color: Color = 'blue'): Promise<number[]> {
  const d = await runtime.diagnostics(name, color);
  return (d.details.processes as { pid: number }[]).map((p) => p.pid);
}

describe('a runtime adopting what a killed one ran', () => {
  let stateDir: string;
  let runtime: LocalRuntime | null = null;
  // Whatever a test leaves (it killed runtime A on purpose) is killed by pid at the end.
  const leftovers: number[] = [];
  const others: ChildProcess[] = [];

  /** Runtime A in its own process, killed with SIGKILL once service reached status; returns that state and the pids. */
  async function runAndKillHost(name: string, status: 'ready' | 'starting') {
    const host = spawn(process.execPath, ['-e', HOST, stateDir, name, status], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(host, 'exit');
    let out = '';
    let err = '';
    host.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    host.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    await waitFor(() => out.includes('\n') || host.exitCode !== null, { timeoutMs: 15_000, intervalMs: 20, what: `runtime A to report ${name} ${status}` });
    if (!out.includes('\n')) throw new Error(`runtime A exited early: ${err}`);
    const state = JSON.parse(out.split('\n')[0]!) as EnvironmentState;
    const record = JSON.parse(readFileSync(join(stateDir, `${name}.blue.state.json`), 'utf8')) as { instances: { pid: number }[] };
    const hostPids = record.instances.map((i) => i.pid);
    leftovers.push(...hostPids);
    host.kill('SIGKILL');
    await exited;
    return { state, pids: hostPids };
  }

  function runtimeB(): LocalRuntime {
    runtime = new LocalRuntime({ services, stateDir, log: createLogger('test', { level: 'error' }) });
    return runtime;
  }

  beforeAll(() => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'examples/demo-app', 'libs/runtime'], { cwd: ROOT });
  }, 120_000);

  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'cutover-adoption-'));
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = null;
    for (const pid of leftovers.splice(0)) if (isRunning(pid)) process.kill(-pid, 'SIGKILL');
    for (const child of others.splice(0)) child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps a ready environment ready, with the same processes and endpoints, and stops it on request', async () => {
    const before = await runAndKillHost('app', 'ready');
    expect(before.pids.every(isRunning)).toBe(true);

    const b = runtimeB();
    const found = b.recover();
    expect(found).toEqual([expect.objectContaining({ service: 'app', color: 'blue', status: 'ready', version: '1.0.0', endpoints: before.state.endpoints })]);
    expect(await pids(b, 'app')).toEqual(before.pids);
    for (const { host, port } of before.state.endpoints) {
      expect(await (await fetch(`http://${host}:${port}/`)).json()).toEqual({ version: '1.0.0', color: 'blue' });
    }
    const diag = await b.diagnostics('app', 'blue');
    // Written before the agent died, read back from the instance's stderr file.
    expect(diag.details.stderrTail).toEqual([
      expect.objectContaining({ instance: 0, lines: expect.arrayContaining([expect.stringContaining('listening on 127.0.0.1')]) }),
      expect.objectContaining({ instance: 1, lines: expect.arrayContaining([expect.stringContaining('listening on 127.0.0.1')]) }),
    ]);
    // The same release asked for again is recognized: nothing restarts.
    expect(await b.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} })).toMatchObject({ status: 'ready' });

    expect(await b.scaleDown({ service: 'app', color: 'blue', reason: 'test' })).toMatchObject({ status: 'stopped' });
    expect(before.pids.filter(isRunning)).toEqual([]);
    expect(readdirSync(stateDir)).toEqual([]);
  });

  it('goes on waiting for a starting environment, whose instance kept writing to stderr', async () => {
    const before = await runAndKillHost('late', 'starting');
    const b = runtimeB();
    expect(b.recover()).toEqual([expect.objectContaining({ service: 'late', status: 'starting' })]);
    const ready = await untilState(b, 'late', (s) => s.status === 'ready');
    expect(ready.endpoints).toEqual(before.state.endpoints);
    expect(await pids(b, 'late')).toEqual(before.pids);
    expect((await b.diagnostics('late', 'blue')).details.stderrTail).toEqual([expect.objectContaining({ lines: expect.arrayContaining(['tick']) })]);
  });

  it('sees an adopted instance exit, though not its exit status', async () => {
    const before = await runAndKillHost('app', 'ready');
    const b = runtimeB();
    b.recover();
    process.kill(-before.pids[1]!, 'SIGKILL');
    const failed = await untilState(b, 'app', (s) => s.status === 'failed');
    expect(failed.reason).toBe('ProcessExited');
    expect(failed.message).toContain(`instance 1 (pid ${before.pids[1]}`);
    expect(failed.message).toContain('exit status unknown');
    expect(failed.exits).toEqual([expect.objectContaining({ instance: 1, pid: before.pids[1], code: null, signal: null, expected: false })]);
    // The other one still serves: a live color keeps what works.
    expect(failed.endpoints).toEqual([before.state.endpoints[0]]);
  });

  it('reports the environment lost when an instance died meanwhile, and kills the other', async () => {
    const before = await runAndKillHost('app', 'ready');
    const [dead, survivor] = before.pids as [number, number];
    process.kill(-dead, 'SIGKILL');
    await waitFor(() => !isRunning(dead), { timeoutMs: 15_000, intervalMs: 20, what: `instance ${dead} to be gone` });

    const b = runtimeB();
    const [lost] = b.recover();
    expect(lost).toMatchObject({ status: 'failed', reason: 'AgentRestarted', endpoints: [] });
    expect(lost!.message).toContain(`instance 0 (pid ${dead}`);
    await waitFor(() => !isRunning(survivor), { timeoutMs: 15_000, intervalMs: 20, what: `instance ${survivor} to be killed` });
    expect(existsSync(join(stateDir, 'app.blue.state.json'))).toBe(false);
  });

  it('neither adopts nor kills a process that only reuses a recorded pid', async () => {
    const before = await runAndKillHost('app', 'ready');
    // An unrelated process in a group of its own, standing in for the pid's new owner.
    const unrelated = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    others.push(unrelated);
    const file = join(stateDir, 'app.blue.state.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as { instances: { pid: number }[] };
    record.instances[0]!.pid = unrelated.pid!;
    writeFileSync(file, JSON.stringify(record));

    const b = runtimeB();
    const [lost] = b.recover();
    expect(lost).toMatchObject({ status: 'failed', reason: 'AgentRestarted' });
    expect(lost!.message).toContain(`pid ${unrelated.pid}`);
    await waitFor(() => !isRunning(before.pids[1]!), { timeoutMs: 15_000, intervalMs: 20, what: 'the instance that did match to be killed' });
    expect(isRunning(unrelated.pid!)).toBe(true);
  });
});
