// The local runtime against the real demo app: real processes, real ports, real HTTP.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Color, EnvironmentState, Policy } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { createLogger } from '@cutover/observability';
import { UnknownServiceError } from '../errors';
import { LocalRuntime } from './local-runtime';
import { FreePortAllocator } from './port-allocator';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');

const policy = (readinessTimeoutMs: number): Policy => ({
  readinessTimeoutMs,
  verify: { successesRequired: 3, timeoutMs: 10_000 },
  approval: { required: false, timeoutMs: null },
  monitorWindowMs: 10_000,
  scaleDownDelayMs: 0,
  probe: { path: '/healthz', intervalMs: 200, timeoutMs: 500, expectedStatus: 200, failureThreshold: 3, successThreshold: 2 },
  traffic: { maxErrorRate: 0.1, minRequests: 10, windowMs: 10_000 },
});

const service = (name: string, over: Partial<ServiceConfig> = {}): ServiceConfig => ({
  name,
  command: [process.execPath, DEMO],
  cwd: ROOT,
  instances: 1,
  env: {},
  readinessPath: '/healthz',
  stopGracePeriodMs: 5000,
  router: { host: '127.0.0.1', port: 1 },
  image: null,
  kubernetes: { replicas: 1, containerPort: 8080, resources: { requests: {}, limits: {} }, quota: {}, podLabelsFromEnv: {} },
  policy: policy(10_000),
  ...over,
});

// Ignores SIGTERM, so only SIGKILL after the grace period stops it.
const STUBBORN = `process.on('SIGTERM', () => {}); require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1')`;

const services: Record<string, ServiceConfig> = {
  app: service('app', { env: { FROM_SERVICE: 'yes' } }),
  pair: service('pair', { instances: 2 }),
  slow: service('slow', { policy: policy(600) }),
  stubborn: service('stubborn', { command: [process.execPath, '-e', STUBBORN], stopGracePeriodMs: 300 }),
  missing: service('missing', { command: ['/nonexistent/cutover-test-binary'] }),
};

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function untilState(
  runtime: LocalRuntime,
  name: string,
  color: Color,
  pred: (s: EnvironmentState) => boolean,
  timeoutMs = 15_000,
): Promise<EnvironmentState> {
  return new Promise((resolve, reject) => {
    const check = (s: EnvironmentState | null) => {
      if (s && s.service === name && s.color === color && pred(s)) {
        off();
        clearTimeout(timer);
        resolve(s);
      }
    };
    const off = runtime.onChange(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${name}.${color} never matched; last: ${JSON.stringify(runtime.get(name, color))}`));
    }, timeoutMs);
    check(runtime.get(name, color));
  });
}

async function pids(runtime: LocalRuntime, name: string, color: Color): Promise<number[]> {
  const d = await runtime.diagnostics(name, color);
  return (d.details.processes as { pid: number }[]).map((p) => p.pid);
}

describe('LocalRuntime', () => {
  let runtime: LocalRuntime;

  beforeAll(() => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'examples/demo-app'], { cwd: ROOT });
  }, 60_000);

  beforeEach(() => {
    runtime = new LocalRuntime({ services, log: createLogger('test', { level: 'error' }) });
  });

  afterEach(() => runtime.close());

  it('starts the instances and reports ready with their endpoints', async () => {
    const first = await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: { COLOR_NOTE: 'x' } });
    expect(first).toMatchObject({ status: 'starting', version: '1.0.0', reason: 'Starting' });
    const ready = await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    expect(ready.reason).toBe('Ready');
    expect(ready.endpoints).toHaveLength(1);
    const { host, port } = ready.endpoints[0]!;
    expect(await (await fetch(`http://${host}:${port}/`)).json()).toEqual({ version: '1.0.0', color: 'blue' });
    const [pid] = await pids(runtime, 'app', 'blue');
    const env = execFileSync('cat', [`/proc/${pid}/environ`]).toString().split('\0');
    expect(env).toEqual(expect.arrayContaining(['FROM_SERVICE=yes', 'COLOR_NOTE=x', 'CUTOVER_SERVICE=app', `PORT=${port}`]));
  });

  it('runs every instance on its own port', async () => {
    await runtime.ensure({ service: 'pair', color: 'green', version: '1.0.0', env: {} });
    const ready = await untilState(runtime, 'pair', 'green', (s) => s.status === 'ready');
    expect(new Set(ready.endpoints.map((e) => e.port)).size).toBe(2);
  });

  it('fails with the exit code and last stderr line when a process crashes on start', async () => {
    await runtime.ensure({ service: 'app', color: 'green', version: '1.0.1', env: { CRASH_ON_START: '1' } });
    const failed = await untilState(runtime, 'app', 'green', (s) => s.status === 'failed');
    expect(failed.reason).toBe('ProcessExited');
    expect(failed.message).toContain('exited with code 1 before it was ready');
    expect(failed.message).toContain('demo-app 1.0.1: crashing on start because CRASH_ON_START=1');
    expect(failed.exits).toEqual([
      expect.objectContaining({ instance: 0, code: 1, signal: null, expected: false, stderrTail: ['demo-app 1.0.1: crashing on start because CRASH_ON_START=1'] }),
    ]);
    expect(failed.endpoints).toEqual([]);
  });

  it('fails with ReadinessTimeout and stops the processes when readiness never comes', async () => {
    await runtime.ensure({ service: 'slow', color: 'blue', version: '1.0.0', env: { READY_DELAY_MS: '60000' } });
    const failed = await untilState(runtime, 'slow', 'blue', (s) => s.status === 'failed');
    expect(failed.reason).toBe('ReadinessTimeout');
    expect(failed.message).toMatch(/not ready within 600 ms: GET \/healthz never answered 2xx on instance 0 \(port \d+\): ECONNREFUSED/);
    expect(failed.endpoints).toEqual([]);
    const [pid] = await pids(runtime, 'slow', 'blue');
    await until(() => !isRunning(pid!), `pid ${pid} to exit`);
  });

  it('fails with SpawnFailed when the command does not exist', async () => {
    await runtime.ensure({ service: 'missing', color: 'blue', version: '1.0.0', env: {} });
    const failed = await untilState(runtime, 'missing', 'blue', (s) => s.status === 'failed');
    expect(failed.reason).toBe('SpawnFailed');
    expect(failed.message).toContain('ENOENT');
  });

  it('treats a repeated ensure of the same release as a no-op', async () => {
    const req = { service: 'app', color: 'blue' as const, version: '1.0.0', env: { B: '2', A: '1' } };
    await runtime.ensure(req);
    await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    const before = await pids(runtime, 'app', 'blue');
    const changes: EnvironmentState[] = [];
    runtime.onChange((s) => changes.push(s));
    const again = await runtime.ensure({ ...req, env: { A: '1', B: '2' } });
    expect(again.status).toBe('ready');
    expect(await pids(runtime, 'app', 'blue')).toEqual(before);
    expect(changes).toEqual([]);
  });

  it('keeps a failed release failed on a retried ensure instead of restarting it', async () => {
    const req = { service: 'app', color: 'green' as const, version: '1.0.1', env: { CRASH_ON_START: '1' } };
    await runtime.ensure(req);
    const failed = await untilState(runtime, 'app', 'green', (s) => s.status === 'failed');
    expect(await runtime.ensure(req)).toEqual(failed);
  });

  it('replaces the old release: its processes stop before the new ones start', async () => {
    await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    const [oldPid] = await pids(runtime, 'app', 'blue');

    const replacing = await runtime.ensure({ service: 'app', color: 'blue', version: '2.0.0', env: {} });
    expect(replacing).toMatchObject({ status: 'starting', version: '2.0.0', reason: 'Replacing' });
    const ready = await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    expect(isRunning(oldPid!)).toBe(false);
    expect(ready.exits).toEqual([]);
    const { host, port } = ready.endpoints[0]!;
    expect(await (await fetch(`http://${host}:${port}/`)).json()).toEqual({ version: '2.0.0', color: 'blue' });
  });

  it('reports a ready environment failed when a process dies later, keeping the exit', async () => {
    await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    const [pid] = await pids(runtime, 'app', 'blue');
    process.kill(pid!, 'SIGKILL');
    const failed = await untilState(runtime, 'app', 'blue', (s) => s.status === 'failed');
    expect(failed.reason).toBe('ProcessExited');
    expect(failed.message).toMatch(/instance 0 \(pid \d+, port \d+\) was killed by SIGKILL unexpectedly/);
    expect(failed.exits).toEqual([expect.objectContaining({ pid, signal: 'SIGKILL', code: null, expected: false })]);
    expect(failed.endpoints).toEqual([]);
  });

  it('scales down with SIGTERM: the process is gone and its exit recorded as expected', async () => {
    await runtime.ensure({ service: 'app', color: 'green', version: '1.0.0', env: {} });
    await untilState(runtime, 'app', 'green', (s) => s.status === 'ready');
    const [pid] = await pids(runtime, 'app', 'green');
    const stopped = await runtime.scaleDown({ service: 'app', color: 'green', reason: 'test done' });
    expect(stopped).toMatchObject({ status: 'stopped', reason: 'ScaledDown', message: 'test done', endpoints: [] });
    expect(stopped.exits).toEqual([expect.objectContaining({ pid, code: 0, signal: null, expected: true })]);
    expect(isRunning(pid!)).toBe(false);
    expect(await runtime.scaleDown({ service: 'app', color: 'green', reason: 'again' })).toEqual(stopped);
  });

  it('forces a process that ignores SIGTERM with SIGKILL after the grace period', async () => {
    await runtime.ensure({ service: 'stubborn', color: 'blue', version: '1.0.0', env: {} });
    await untilState(runtime, 'stubborn', 'blue', (s) => s.status === 'ready');
    const stopped = await runtime.scaleDown({ service: 'stubborn', color: 'blue', reason: 'test' });
    expect(stopped.exits).toEqual([expect.objectContaining({ signal: 'SIGKILL', expected: true })]);
  });

  it('reports a never-started environment as stopped on scale-down', async () => {
    const stopped = await runtime.scaleDown({ service: 'app', color: 'green', reason: 'clean up' });
    expect(stopped).toMatchObject({ service: 'app', color: 'green', version: null, status: 'stopped' });
  });

  it('explains what runs in diagnostics', async () => {
    await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: { READY_DELAY_MS: '1' } });
    const ready = await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    const diag = await runtime.diagnostics('app', 'blue');
    expect(diag.environment).toEqual(ready);
    expect(diag.details).toMatchObject({
      runtime: 'local',
      processes: [{ instance: 0, port: ready.endpoints[0]!.port, alive: true, pid: expect.any(Number), startedAt: expect.any(String) }],
      exits: [],
      stderrTail: [{ instance: 0, lines: expect.arrayContaining([expect.stringContaining('listening on 127.0.0.1')]) }],
    });
    expect((await runtime.diagnostics('app', 'green')).environment).toBeNull();
  });

  it('refuses services that are not configured', async () => {
    await expect(runtime.ensure({ service: 'nope', color: 'blue', version: '1.0.0', env: {} })).rejects.toThrow(UnknownServiceError);
    await expect(runtime.diagnostics('nope', 'blue')).rejects.toThrow(UnknownServiceError);
  });

  it('waits on close for a replaced release that is still stopping', async () => {
    await runtime.ensure({ service: 'stubborn', color: 'green', version: '1.0.0', env: {} });
    await untilState(runtime, 'stubborn', 'green', (s) => s.status === 'ready');
    const [oldPid] = await pids(runtime, 'stubborn', 'green');
    await runtime.ensure({ service: 'stubborn', color: 'green', version: '2.0.0', env: {} });
    await runtime.close();
    expect(isRunning(oldPid!)).toBe(false);
  });

  it('gives every port back once its instance is gone', async () => {
    const inner = new FreePortAllocator();
    const held = new Set<number>();
    const portAllocator = {
      allocate: async () => {
        const port = await inner.allocate();
        held.add(port);
        return port;
      },
      release: (port: number) => {
        held.delete(port);
        inner.release(port);
      },
      reserve: (port: number) => {
        held.add(port);
        inner.reserve(port);
      },
    };
    const counted = new LocalRuntime({ services, portAllocator, log: createLogger('test', { level: 'error' }) });
    try {
      await counted.ensure({ service: 'pair', color: 'blue', version: '1.0.0', env: {} });
      const ready = await untilState(counted, 'pair', 'blue', (s) => s.status === 'ready');
      expect([...held].sort()).toEqual(ready.endpoints.map((e) => e.port).sort());
      await counted.scaleDown({ service: 'pair', color: 'blue', reason: 'test' });
      expect(held.size).toBe(0);
    } finally {
      await counted.close();
    }
  });

  it('leaves no process behind on close, reporting every environment stopped', async () => {
    await runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
    await runtime.ensure({ service: 'pair', color: 'green', version: '1.0.0', env: {} });
    await untilState(runtime, 'app', 'blue', (s) => s.status === 'ready');
    await untilState(runtime, 'pair', 'green', (s) => s.status === 'ready');
    const all = [...(await pids(runtime, 'app', 'blue')), ...(await pids(runtime, 'pair', 'green'))];
    expect(all).toHaveLength(3);
    await runtime.close();
    expect(all.filter(isRunning)).toEqual([]);
    expect(runtime.list().map((s) => [s.status, s.reason])).toEqual([
      ['stopped', 'RuntimeClosed'],
      ['stopped', 'RuntimeClosed'],
    ]);
  });
});
