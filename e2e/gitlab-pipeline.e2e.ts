// Issue 5's must-show: the GitLab CI template of deploy/ci/gitlab run for real by
// gitlab-ci-local (shell executor) against two Cutovers, staging and production, started
// from one cutover.yaml with environments. The jobs call the real CLI.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import type { DeploymentRecord, EnvironmentState } from '@cutover/contracts';
import { startStack, type Stack } from '@cutover/cli';
import { freePort, waitFor } from '@cutover/testkit';
import { CLI, cutoverPorts, DEMO_APP, ROOT, type CliResult } from './support/cutover';

const GITLAB_CI_LOCAL = join(ROOT, 'node_modules', '.bin', 'gitlab-ci-local');
// Long enough for the abort test to reach a deployment still waiting, on a loaded machine.
const APPROVAL_TIMEOUT_MS = 20_000;

let dir: string;
let project: string;
let configPath: string;
const stacks: Stack[] = [];

interface Run {
  code: number | null;
  output: string;
}

/** gitlab-ci-local in the project, with the CLI of this repo as $CUTOVER; no Cutover variables leak in from here. */
function pipeline(...args: string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NATS_URL|CUTOVER_|CI_|GITLAB_)/.test(k)));
  const child = spawn(GITLAB_CI_LOCAL, [...args, '--variable', `CUTOVER=${process.execPath} ${CLI}`, '--variable', `CUTOVER_CONFIG=${configPath}`], {
    cwd: project,
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

function cli(environment: string, ...args: string[]): Promise<CliResult> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CLI, ...args, '--config', configPath, '--environment', environment], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })));
}

interface Status {
  routing: { liveColor: string; liveVersion: string } | null;
  environments: Record<string, EnvironmentState | null>;
  deployment: DeploymentRecord | null;
}

async function status(environment: string): Promise<Status | null> {
  const r = await cli(environment, 'status', 'shop', '--json');
  return r.code === 0 ? (JSON.parse(r.stdout) as Status) : null;
}

async function environmentPorts() {
  return {
    nats: { url: `nats://127.0.0.1:${await freePort()}` },
    ports: await cutoverPorts(),
    services: { shop: { router: { port: await freePort() } } },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cutover-gitlab-'));
  configPath = join(dir, 'cutover.yaml');
  writeFileSync(
    configPath,
    YAML.stringify({
      version: 1,
      services: {
        shop: {
          command: ['node', DEMO_APP],
          instances: 1,
          router: { host: '127.0.0.1', port: await freePort() },
          policy: { probe: { path: '/' }, monitorWindowMs: 4000, scaleDownDelayMs: 60_000 },
        },
      },
      environments: {
        staging: await environmentPorts(),
        production: { ...(await environmentPorts()), defaults: { policy: { approval: { required: true, timeoutMs: APPROVAL_TIMEOUT_MS } } } },
      },
    }),
  );
  for (const environment of ['staging', 'production']) {
    stacks.push(await startStack({ configPath, dataDir: join(dir, environment), environment }));
  }

  // The project a team would have: the template as its .gitlab-ci.yml, including the jobs file.
  project = join(dir, 'project');
  mkdirSync(join(project, 'deploy', 'ci'), { recursive: true });
  cpSync(join(ROOT, 'deploy', 'ci', 'gitlab'), join(project, 'deploy', 'ci', 'gitlab'), { recursive: true });
  cpSync(join(project, 'deploy', 'ci', 'gitlab', '.gitlab-ci.yml'), join(project, '.gitlab-ci.yml'));
  const git = (...args: string[]) =>
    new Promise<void>((resolve, reject) => spawn('git', args, { cwd: project, stdio: 'ignore' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`git ${args.join(' ')}: ${c}`)))));
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'ada@example.org');
  await git('config', 'user.name', 'Ada Lovelace');
  await git('add', '-A');
  await git('commit', '-qm', 'pipeline');
  await git('remote', 'add', 'origin', 'https://gitlab.example/shop/shop.git');
  await git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  await git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
}, 240_000);

afterAll(async () => {
  for (const stack of stacks.reverse()) await stack.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the GitLab CI template, run by gitlab-ci-local', () => {
  it('a good version passes staging, stops at the manual approval, and once approved reaches production in the approver\'s name', async () => {
    const staging = await pipeline('build', 'deploy-staging', '--variable', 'CUTOVER_VERSION=1.0.0');
    expect({ code: staging.code, log: staging.output }).toMatchObject({ code: 0, log: expect.stringMatching(/shop 1\.0\.0 is live on blue/) });
    expect((await status('staging'))?.routing).toMatchObject({ liveColor: 'blue', liveVersion: '1.0.0' });

    // The whole pipeline without anyone playing the manual job: it goes no further.
    const blocked = await pipeline('--variable', 'CUTOVER_VERSION=1.0.0');
    expect(blocked.output).toContain('approve-production is when:manual');
    expect(await status('production')).toBeNull();

    const approved = await pipeline('--manual', 'approve-production', 'approve-production', 'deploy-production', '--variable', 'CUTOVER_VERSION=1.0.0');
    expect({ code: approved.code, log: approved.output }).toMatchObject({ code: 0, log: expect.stringMatching(/shop 1\.0\.0 is live on blue/) });
    const approver = /> approved by (\S+)/.exec(approved.output)?.[1];
    const production = await status('production');
    expect(production?.routing).toMatchObject({ liveColor: 'blue', liveVersion: '1.0.0' });
    expect(approver).toMatch(/^\w+$/);
    // The CLI read the commit and the pipeline from GitLab's variables.
    expect(production?.deployment).toMatchObject({
      phase: 'Succeeded',
      environment: 'production',
      approvedBy: approver,
      metadata: expect.objectContaining({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), pipelineUrl: expect.stringMatching(/^https:\/\/gitlab\.example\//) }),
    });
    expect(production?.deployment?.history.map((h) => h.phase)).toEqual(expect.arrayContaining(['AwaitingApproval', 'Switching']));
    expect(readFileSync(join(project, 'cutover-production.xml'), 'utf8')).toContain('failures="0"');
  });

  it('a version that fails after going live fails the pipeline, with the rollback reason in the job log and the JUnit report', async () => {
    const run = await pipeline('build', 'deploy-staging', '--variable', 'CUTOVER_VERSION=2.0.0', '--variable', 'CUTOVER_RELEASE_ARGS=--env FAULT_AFTER_MS=2000');
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/cutover: shop 2\.0\.0 RolledBack \(\w+\) after [\d.]+s: /);
    const junit = readFileSync(join(project, 'cutover-staging.xml'), 'utf8');
    expect(junit).toContain('<failure type="RolledBack"');
    expect(junit).toContain('name="Monitoring (green 2.0.0)"');
    expect((await status('staging'))?.routing).toMatchObject({ liveColor: 'blue', liveVersion: '1.0.0' });
  });

  it('an approval timeout aborts the deployment and tears the idle color down', async () => {
    const r = await cli('production', 'release', 'shop', '3.0.0', '--wait', '--json');
    const record = JSON.parse(r.stdout) as DeploymentRecord;
    expect([r.code, record.phase]).toEqual([1, 'Aborted']);
    expect(record.message).toMatch(new RegExp(`^nobody approved 3\\.0\\.0 within ${APPROVAL_TIMEOUT_MS} ms`));
    await waitFor(async () => (await status('production'))?.environments.green?.status === 'stopped', { timeoutMs: 30_000, what: 'green torn down' });
    expect((await status('production'))?.routing).toMatchObject({ liveColor: 'blue', liveVersion: '1.0.0' });
  });

  it('an abort from the pipeline ends the waiting deployment and tears the idle color down', async () => {
    const pending = cli('production', 'release', 'shop', '4.0.0', '--wait', '--json');
    await waitFor(async () => (await status('production'))?.deployment?.phase === 'AwaitingApproval', { timeoutMs: 30_000, what: '4.0.0 awaiting approval' });
    const abort = await pipeline('--manual', 'abort-production', 'abort-production', '--variable', 'CUTOVER_VERSION=4.0.0');
    expect({ code: abort.code, log: abort.output }).toMatchObject({ code: 0, log: expect.stringContaining('Aborted') });
    const record = JSON.parse((await pending).stdout) as DeploymentRecord;
    expect(record).toMatchObject({ phase: 'Aborted', reason: 'AbortedByUser', message: expect.stringContaining('aborted from pipeline') });
    await waitFor(async () => (await status('production'))?.environments.green?.status === 'stopped', { timeoutMs: 30_000, what: 'green torn down' });
    expect(existsSync(join(project, 'cutover-production.xml'))).toBe(true);
  });
});
