// The real stack on free ports: nats-server and the five Cutover processes start in order,
// a crash is reported, a restart brings the component back, and stopping (or the owner
// dying without cleanup) leaves no process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@cutover/testkit';
import { CLI } from '../testing/run-cli';
import { repoRoot } from '../paths';
import { httpReady } from './probes';
import { StartupError } from '../errors';
import { startStack, type Stack, type UnexpectedExit } from './stack';

/** Running, not merely a zombie waiting for a parent (or a container's init) to reap it. */
const alive = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
};

/** Live processes whose command line mentions text (every component's names the test's dir). */
const processesMentioning = (text: string) =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text) && alive(Number(pid));
      } catch {
        return false;
      }
    });

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-stack-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function writeConfig(dir: string): Promise<string> {
  const [orchestrator, healthMonitor, switcher, rollback, runtimeAgent, router] = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const file = join(dir, 'cutover.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      `ports: { orchestrator: ${orchestrator}, healthMonitor: ${healthMonitor}, switcher: ${switcher}, rollback: ${rollback}, runtimeAgent: ${runtimeAgent} }`,
      'services:',
      '  demo:',
      `    command: node ${join(repoRoot, 'examples', 'demo-app', 'dist', 'main.js')}`,
      `    router: { port: ${router} }`,
    ].join('\n'),
  );
  return file;
}

describe('startStack', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('starts every component in order, reports a crash, restarts it, and stops them all', async () => {
    const dir = tempDir();
    const ready: string[] = [];
    const crashes: UnexpectedExit[] = [];
    stack = await startStack({
      configPath: await writeConfig(dir),
      dataDir: join(dir, 'data'),
      onReady: (c) => ready.push(c.name),
      onUnexpectedExit: (e) => crashes.push(e),
    });
    expect(ready).toEqual(['nats-server', 'runtime-agent', 'switcher', 'health-monitor', 'rollback', 'orchestrator']);
    const services = stack.components().filter((c) => c.name !== 'nats-server');
    for (const c of services) expect(await httpReady(`${c.url}/readyz`)).toBe(true);

    const before = stack.components().find((c) => c.name === 'switcher')!;
    stack.kill('switcher');
    await waitFor(() => crashes.length === 1, { what: 'the crash report' });
    expect(crashes[0]).toMatchObject({ name: 'switcher', exit: { signal: 'SIGKILL' }, logFile: join(dir, 'data', 'logs', 'switcher.log') });
    await stack.restart('switcher');
    const after = stack.components().find((c) => c.name === 'switcher')!;
    expect(after.pid).not.toBe(before.pid);
    expect(await httpReady(`${after.url}/readyz`)).toBe(true);

    const pids = stack.components().map((c) => c.pid);
    await stack.stop();
    stack = undefined;
    expect(pids.filter(alive)).toEqual([]);
    expect(crashes).toHaveLength(1);
  });

  it('fails naming the component and its log when it is not ready in time, leaving nothing running', async () => {
    const dir = tempDir();
    const failure = startStack({ configPath: await writeConfig(dir), dataDir: join(dir, 'data'), readyTimeoutMs: 1 });
    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(/^(nats-server|runtime-agent) was not ready within 1ms; log: .*\/data\/logs\/(nats-server|runtime-agent)\.log$/);
    expect(processesMentioning(dir)).toEqual([]);
  });

  it('refuses to start when a Cutover port is taken, before starting anything', async () => {
    const dir = tempDir();
    const config = await writeConfig(dir);
    const port = Number(/orchestrator: (\d+)/.exec(readFileSync(config, 'utf8'))![1]);
    const squatter = createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      await expect(startStack({ configPath: config, dataDir: join(dir, 'data') })).rejects.toThrow(
        `port ${port} for orchestrator is in use: is Cutover already running?`,
      );
      expect(existsSync(join(dir, 'data'))).toBe(false);
    } finally {
      squatter.close();
    }
  });

  async function startUp(): Promise<{ up: ChildProcess; pids: number[]; output: () => string }> {
    const dir = tempDir();
    const config = await writeConfig(dir);
    const up = spawn(process.execPath, [CLI, 'up', '--config', config, '--data', join(dir, 'data')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    up.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    up.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    await waitFor(() => out.includes('Cutover is up.'), { timeoutMs: 120_000, what: '`cutover up` to report ready' });
    const pids = [...out.matchAll(/ready .*\(pid (\d+),/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(6);
    expect(pids.every(alive)).toBe(true);
    return { up, pids, output: () => out };
  }

  it('`cutover up` restarts a component that died, and stops every component on SIGTERM with exit 0', async () => {
    const { up, pids, output } = await startUp();
    process.kill(pids[4]!, 'SIGKILL');
    await waitFor(() => /rollback +ready .*\n[^]*rollback +ready /.test(output()), { timeoutMs: 60_000, what: 'rollback to be started again' });
    expect(output()).toContain('cutover: rollback stopped unexpectedly (killed by SIGKILL); starting it again.');
    const restarted = Number([...output().matchAll(/rollback +ready .*\(pid (\d+),/g)].at(-1)![1]);
    pids.push(restarted);
    const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
    up.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output()).toContain('SIGTERM: stopping Cutover');
    expect(pids.filter(alive)).toEqual([]);
  });

  it('leaves no process behind when `cutover up` itself is killed with SIGKILL', async () => {
    const { up, pids } = await startUp();
    up.kill('SIGKILL');
    await waitFor(() => !pids.some(alive), { timeoutMs: 10_000, what: 'every component of the killed `cutover up` to go' });
  });
});
