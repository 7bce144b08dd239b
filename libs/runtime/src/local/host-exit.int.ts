// A host that goes away without closing its runtime must not leave its instances running.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DEMO = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');
const RUNTIME = join(ROOT, 'libs', 'runtime', 'dist', 'index.js');

// Starts two instances, prints their pids, then leaves the way argv[1] says.
const HOST = `
const { LocalRuntime } = require(${JSON.stringify(RUNTIME)});
const policy = { readinessTimeoutMs: 10000 };
const services = { app: { name: 'app', command: [process.execPath, ${JSON.stringify(DEMO)}], cwd: ${JSON.stringify(ROOT)},
  instances: 2, env: {}, readinessPath: '/healthz', stopGracePeriodMs: 5000, router: { host: '127.0.0.1', port: 1 }, policy } };
const runtime = new LocalRuntime({ services });
runtime.onChange(async (s) => {
  if (s.status !== 'ready') return;
  const d = await runtime.diagnostics('app', 'blue');
  process.stdout.write(JSON.stringify(d.details.processes.map((p) => p.pid)) + '\\n');
  if (process.argv[1] === 'exit') process.exit(3);
  if (process.argv[1] === 'throw') throw new Error('host crashed');
});
runtime.ensure({ service: 'app', color: 'blue', version: '1.0.0', env: {} });
`;

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

async function startHost(mode: string) {
  const host = spawn(process.execPath, ['-e', HOST, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(host, 'exit');
  let out = '';
  host.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  let err = '';
  host.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  await until(() => out.includes('\n') || host.exitCode !== null, 'the host to report its instances');
  const pids = JSON.parse(out.split('\n')[0] || 'null') as number[] | null;
  if (!pids) throw new Error(`host exited early: ${err}`);
  return { host, pids, exited };
}

describe('a host that goes away', () => {
  beforeAll(() => {
    const tsc = require.resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-b', 'examples/demo-app', 'libs/runtime'], { cwd: ROOT });
  }, 120_000);

  it.each(['exit', 'throw'])('takes its instances along when it ends by %s', async (mode) => {
    const { pids, exited } = await startHost(mode);
    expect(pids).toHaveLength(2);
    await exited;
    await until(() => !pids.some(isRunning), `instances ${pids} to be gone`);
  });

  it('takes its instances along on SIGTERM when it has no handler of its own', async () => {
    const { host, pids, exited } = await startHost('wait');
    expect(pids.every(isRunning)).toBe(true);
    host.kill('SIGTERM');
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, 'SIGTERM']);
    await until(() => !pids.some(isRunning), `instances ${pids} to be gone`);
  });
});
