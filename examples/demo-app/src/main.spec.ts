// The built entry point, as the local runtime starts it: a real process and real HTTP.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(__dirname, '..', 'dist', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Started {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

function startApp(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stderr: () => stderr, exited };
}

function logged(app: Started, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (app.stderr().includes(text)) return resolve();
      if (app.child.exitCode !== null) return reject(new Error(`exited: ${app.stderr()}`));
    };
    app.child.stderr!.on('data', check);
    check();
  });
}

const listening = (app: Started) => logged(app, 'listening on');

describe('demo-app process', () => {
  const running: ChildProcess[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'examples/demo-app'], { cwd: ROOT });
  }, 60_000);

  afterEach(() => {
    for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('serves its version and color on PORT', async () => {
    const port = await freePort();
    const app = startApp({ PORT: String(port), VERSION: '1.4.0', COLOR: 'blue' });
    running.push(app.child);
    await listening(app);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(await res.json()).toEqual({ version: '1.4.0', color: 'blue' });
  });

  it('exits 1 with a clear stderr line on CRASH_ON_START=1', async () => {
    const app = startApp({ PORT: String(await freePort()), CRASH_ON_START: '1', VERSION: '9.9.9' });
    running.push(app.child);
    const [code] = await app.exited;
    expect(code).toBe(1);
    expect(app.stderr()).toContain('demo-app 9.9.9: crashing on start because CRASH_ON_START=1');
  });

  it('exits 1 naming a bad setting', async () => {
    const app = startApp({ FAULT_RATE: 'often' });
    running.push(app.child);
    const [code] = await app.exited;
    expect(code).toBe(1);
    expect(app.stderr()).toContain('FAULT_RATE="often" is invalid');
  });

  it('does not listen before READY_DELAY_MS', async () => {
    const port = await freePort();
    const t0 = performance.now();
    const app = startApp({ PORT: String(port), READY_DELAY_MS: '700' });
    running.push(app.child);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await listening(app);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(700);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('exits 0 on SIGTERM, also while waiting to listen', async () => {
    const port = await freePort();
    const app = startApp({ PORT: String(port) });
    running.push(app.child);
    await listening(app);
    await fetch(`http://127.0.0.1:${port}/healthz`);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual([0, null]);

    const delayed = startApp({ PORT: String(port), READY_DELAY_MS: '60000' });
    running.push(delayed.child);
    await logged(delayed, 'before listening');
    delayed.child.kill('SIGTERM');
    expect(await delayed.exited).toEqual([0, null]);
  });
});
