// Bearer tokens on the real orchestrator API and health-monitor dashboard, each started as
// its built process against a real nats-server: 401 without or with an unknown token, 403
// naming the missing scope, the route's own answer with the right scope, probes and
// metrics open, and a start that stops when a token's environment variable is missing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import YAML from 'yaml';
import { freePort, startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { DEMO_APP, ROOT } from './support/cutover';

const TOKENS = { read: 'read-secret', release: 'release-secret', approve: 'approve-secret', admin: 'admin-secret' };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Proc {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

function startProcess(service: 'orchestrator' | 'health-monitor', args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [join(ROOT, 'services', service, 'dist', 'main.js'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  return { child, log: () => log, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function stopProcess(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited;
}

const call = (url: string, opts: { token?: string; method?: string; body?: unknown } = {}) =>
  fetch(url, {
    method: opts.method ?? 'GET',
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body ? { 'content-type': 'application/json' } : {}) },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
  });

const errorOf = async (res: Response) => ((await res.json()) as { error: string; message: string }).error;

describe('HTTP API auth', () => {
  let nats: NatsServerHandle;
  let configPath: string;
  /** The same file without api.tokens. */
  let openConfigPath: string;
  let api: string;
  let dashboard: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    const ports = { orchestrator: await freePort(), healthMonitor: await freePort() };
    const config = {
      version: 1,
      nats: { url: nats.url },
      ports,
      services: { demo: { command: ['node', DEMO_APP], router: { host: '127.0.0.1', port: await freePort() } } },
      api: {
        tokens: [
          { name: 'viewer', scopes: ['read'], sha256: sha256(TOKENS.read) },
          { name: 'ci', scopes: ['release'], sha256: sha256(TOKENS.release).toUpperCase() },
          { name: 'oncall', scopes: ['approve'], fromEnv: 'CUTOVER_TEST_APPROVE_TOKEN' },
          { name: 'ops', scopes: ['admin'], sha256: sha256(TOKENS.admin) },
        ],
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'cutover-auth-'));
    configPath = join(dir, 'cutover.yaml');
    writeFileSync(configPath, YAML.stringify(config));
    openConfigPath = join(dir, 'open.yaml');
    writeFileSync(openConfigPath, YAML.stringify({ ...config, api: undefined }));
    const env = { ...process.env, CUTOVER_TEST_APPROVE_TOKEN: TOKENS.approve };
    api = `http://127.0.0.1:${ports.orchestrator}`;
    dashboard = `http://127.0.0.1:${ports.healthMonitor}`;
    procs.push(startProcess('orchestrator', ['--config', configPath, '--nats', nats.url], env));
    procs.push(startProcess('health-monitor', ['--config', configPath, '--nats', nats.url], env));
    for (const [base, p] of [
      [api, procs[0]!],
      [dashboard, procs[1]!],
    ] as const) {
      await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200, { timeoutMs: 60_000, what: `${base} ready` }).catch((e: Error) => {
        throw new Error(`${e.message}\n${p.log()}`);
      });
    }
  });

  afterAll(async () => {
    await Promise.all(procs.map(stopProcess));
    await nats?.stop();
  });

  describe('orchestrator API', () => {
    it('answers 401 with WWW-Authenticate: Bearer without a token, with an unknown one, and with a digest as the token', async () => {
      for (const token of [undefined, 'guess', sha256(TOKENS.read)]) {
        const res = await call(`${api}/api/services`, { token });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="cutover"/);
        expect(await errorOf(res)).toBe(token ? 'invalid_token' : 'missing_token');
      }
    });

    it('takes the token only from the Authorization header, not from the query', async () => {
      expect((await call(`${api}/api/services?access_token=${TOKENS.admin}`)).status).toBe(401);
    });

    it('lets every scope read', async () => {
      for (const token of Object.values(TOKENS)) expect((await call(`${api}/api/services/demo`, { token })).status).toBe(200);
    });

    it('answers 403 naming the scope when a read token posts a release, then 201 to a release token', async () => {
      const denied = await call(`${api}/api/releases`, { token: TOKENS.read, method: 'POST', body: { service: 'demo', version: '1.0.0' } });
      expect(denied.status).toBe(403);
      expect(await denied.json()).toEqual({
        error: 'insufficient_scope',
        message: 'token "viewer" lacks the "release" scope this route needs',
        requiredScope: 'release',
      });
      const taken = await call(`${api}/api/releases`, { token: TOKENS.release, method: 'POST', body: { service: 'demo', version: '1.0.0' } });
      expect(taken.status).toBe(201);
      const { deployment } = (await taken.json()) as { deployment: { id: string } };

      const approveByCi = await call(`${api}/api/deployments/${deployment.id}/approve`, { token: TOKENS.release, method: 'POST', body: {} });
      expect(approveByCi.status).toBe(403);
      expect(approveByCi.headers.get('www-authenticate')).toContain('scope="approve"');
      // No runtime agent runs, so the deployment waits before the switch, where abort is allowed.
      // The body's name is a claim; the token says who it was.
      const abort = await call(`${api}/api/deployments/${deployment.id}/abort`, { token: TOKENS.approve, method: 'POST', body: { reason: 'test', by: 'someone-else' } });
      expect(abort.status).toBe(200);
      expect(await abort.json()).toMatchObject({ phase: 'Aborted', message: expect.stringContaining('aborted by oncall: test') });
    });

    it('keeps rollback for admin', async () => {
      const byOncall = await call(`${api}/api/services/demo/rollback`, { token: TOKENS.approve, method: 'POST', body: {} });
      expect(byOncall.status).toBe(403);
      expect(((await byOncall.json()) as { requiredScope: string }).requiredScope).toBe('admin');
      expect((await call(`${api}/api/services/demo/rollback`, { token: TOKENS.admin, method: 'POST', body: {} })).status).toBe(202);
    });

    it('leaves /healthz, /readyz and /metrics open for probes and Prometheus', async () => {
      for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(`${api}${path}`)).status).toBe(200);
    });
  });

  describe('health-monitor', () => {
    it('asks for read on the dashboard page, its state and the health API', async () => {
      for (const path of ['/dashboard', '/', '/dashboard/api/state', '/dashboard/api/diagnostics/dep-x', '/api/health']) {
        const res = await call(`${dashboard}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
      expect((await call(`${dashboard}/dashboard/api/state`, { token: 'guess' })).status).toBe(401);
      expect((await call(`${dashboard}/dashboard/api/state`, { token: TOKENS.read })).status).toBe(200);
      expect((await call(`${dashboard}/api/health`, { token: TOKENS.read })).status).toBe(200);
    });

    it('takes ?access_token= on the dashboard routes, where a browser cannot send a header, and nowhere else', async () => {
      const page = await fetch(`${dashboard}/dashboard?access_token=${TOKENS.read}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect((await fetch(`${dashboard}/dashboard/api/state?access_token=${TOKENS.read}`)).status).toBe(200);
      expect((await fetch(`${dashboard}/dashboard/api/state?access_token=guess`)).status).toBe(401);
      expect((await fetch(`${dashboard}/api/health?access_token=${TOKENS.read}`)).status).toBe(401);

      const abort = new AbortController();
      const stream = await fetch(`${dashboard}/dashboard/api/events?access_token=${TOKENS.read}`, { signal: abort.signal });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      abort.abort();
    });

    it('goes live in a real browser opened with ?access_token=, the page passing the token to its state and stream', async () => {
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
      try {
        const page = await browser.newPage();
        expect((await page.goto(`${dashboard}/dashboard?access_token=guess`))?.status()).toBe(401);
        expect((await page.goto(`${dashboard}/dashboard?access_token=${TOKENS.read}`))?.status()).toBe(200);
        await page.waitForSelector('#connection[data-state="live"]', { timeout: 15_000 });
        await page.waitForSelector('[data-service="demo"]', { timeout: 15_000 });
      } finally {
        await browser.close();
      }
    });

    it('serves the static files without a token, and /healthz, /metrics', async () => {
      for (const path of ['/dashboard/assets/dashboard.js', '/healthz', '/readyz', '/metrics']) {
        expect({ path, status: (await fetch(`${dashboard}${path}`)).status }).toEqual({ path, status: 200 });
      }
    });
  });

  it('refuses to start when a token variable is missing, naming token and variable', async () => {
    const env = { ...process.env };
    delete env.CUTOVER_TEST_APPROVE_TOKEN;
    const p = startProcess('orchestrator', ['--config', configPath, '--nats', nats.url, '--port', String(await freePort())], env);
    expect(await p.exited).toBe(1);
    expect(p.log()).toContain('api token \\"oncall\\" is read from the environment variable CUTOVER_TEST_APPROVE_TOKEN, which is not set or empty');
  });

  it('warns at start when authentication is off and the API listens beyond loopback, and only then', async () => {
    const start = async (host: string) => {
      const p = startProcess('orchestrator', ['--config', openConfigPath, '--nats', nats.url, '--port', String(await freePort()), '--host', host], process.env);
      await waitFor(() => p.log().includes('"ready"') || p.child.exitCode !== null, { timeoutMs: 60_000, what: `orchestrator on ${host} ready` });
      await stopProcess(p);
      expect(p.log()).toContain('"ready"');
      return p.log();
    };
    expect(await start('0.0.0.0')).toContain('HTTP API authentication is off (no api.tokens)');
    expect(await start('127.0.0.1')).not.toContain('authentication is off');
  });
});
