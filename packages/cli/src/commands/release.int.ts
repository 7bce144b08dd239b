// release, approve, abort and rollback against a real nats-server, answered by a scripted
// orchestrator: what the CLI prints and which exit code it returns for each outcome.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bus } from '@cutover/messaging';
import { startNatsServer, type NatsServerHandle } from '@cutover/testkit';
import { Reasons } from '@cutover/core';
import type { DeploymentRecord, ReleaseCommand } from '@cutover/contracts';
import { ROLLED_BACK, SUCCEEDED } from '../testing/fixtures';
import { runCli } from '../testing/run-cli';
import { startScriptedOrchestrator, type Script, type ScriptedOrchestrator } from '../testing/scripted-orchestrator';

const scripts: Record<string, Script> = {
  '1.0.0': { kind: 'phases', phases: SUCCEEDED },
  '3.0.0': { kind: 'phases', phases: ROLLED_BACK },
  '4.0.0': { kind: 'phases', phases: [['Requested', Reasons.ReleaseAccepted], ['Preparing', Reasons.EnvironmentStarting]] },
  '5.0.0': { kind: 'phases', phases: [['Requested', Reasons.ReleaseAccepted], ['Preparing', Reasons.EnvironmentStarting], ['Verifying', Reasons.EnvironmentReady], ['AwaitingApproval', Reasons.ApprovalRequired]] },
  '6.0.0': { kind: 'phases', phases: SUCCEEDED.slice(0, 5) },
  '7.0.0': { kind: 'silent' },
  '9.9.9': { kind: 'reject', code: 'busy', reason: 'deployment demo-abc is running' },
};
const scriptFor = (cmd: ReleaseCommand): Script =>
  cmd.service === 'ghost' ? { kind: 'reject', code: 'unknown_service', reason: 'unknown service "ghost"' } : scripts[cmd.version]!;

describe('release and the deployment verbs', () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  let orchestrator: ScriptedOrchestrator;
  const cli = (...args: string[]) => runCli([...args, '--nats', nats.url]);
  const released = (version: string) => [...orchestrator.records.values()].find((r) => r.version === version)!;

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await Bus.connect({ url: nats.url, name: 'scripted' });
    await bus.ensureTopology();
    orchestrator = await startScriptedOrchestrator(bus, scriptFor);
  });
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  it('release --wait streams every phase change and exits 0 when live', async () => {
    const run = await cli('release', 'demo', '1.0.0', '--wait', '--env', 'A=1');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^deployment demo-\w+: demo 1\.0\.0 → 1\.0\.0, blue→green$/);
    expect(lines.slice(1, -1).map((l) => l.split(' ').slice(1, 5).join(' '))).toEqual(
      SUCCEEDED.map(([phase, reason]) => `demo 1.0.0 ${phase} ${reason}:`),
    );
    expect(lines.at(-1)).toMatch(/^demo 1\.0\.0 is live on green \(deployment demo-\w+, 5\.0s\)$/);
  });

  it('release --wait exits 1 with the cause of a rollback and where to read why', async () => {
    const run = await cli('release', 'demo', '3.0.0', '--wait');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('demo 3.0.0 RollingBack HealthDegraded');
    const id = released('3.0.0').id;
    expect(run.stderr).toBe(`cutover: demo 3.0.0 RolledBack (HealthDegraded) after 6.0s: RolledBack message\n  | why: cutover diagnostics ${id}\n`);
  });

  it('release --wait --json prints only the final record', async () => {
    const run = await cli('release', 'demo', '3.0.0', '--wait', '--json');
    expect(run.code).toBe(1);
    const record = JSON.parse(run.stdout) as DeploymentRecord;
    expect([record.phase, record.history.length]).toEqual(['RolledBack', 7]);
  });

  it('release --wait --junit writes a JUnit report of the rollback, and the CI variables reach the deployment record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-junit-'));
    const file = join(dir, 'deploy.xml');
    const ci = { CI_COMMIT_SHA: 'c0ffee1234', CI_PIPELINE_URL: 'https://gitlab.example/g/p/-/pipelines/7', CI_COMMIT_AUTHOR: 'Ada <ada@example.org>', CI_COMMIT_TIMESTAMP: '2026-11-28T09:00:00+01:00' };
    const run = await runCli(['release', 'demo', '3.0.0', '--wait', '--json', '--junit', file, '--nats', nats.url], ci);
    expect(run.code).toBe(1);
    const record = JSON.parse(run.stdout) as DeploymentRecord;
    expect(record.metadata).toEqual({ commit: 'c0ffee1234', pipelineUrl: ci.CI_PIPELINE_URL, author: ci.CI_COMMIT_AUTHOR, commitTime: '2026-11-28T08:00:00.000Z' });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain(`<property name="deployment" value="${record.id}"/>`);
    expect(xml).toContain('<property name="commit" value="c0ffee1234"/>');
    expect(xml).toContain('<failure type="RolledBack"');
    const busy = await runCli(['release', 'demo', '9.9.9', '--wait', '--junit', file, '--nats', nats.url]);
    expect(busy.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('<failure type="NoVerdict" message="release rejected (busy): deployment demo-abc is running">');
    rmSync(dir, { recursive: true });
  });

  it('--junit without --wait is refused before anything is sent', async () => {
    const run = await cli('release', 'demo', '1.0.0', '--junit', 'x.xml');
    expect(run).toMatchObject({ code: 2, stderr: 'cutover: --junit needs --wait: the report is written when the deployment ends\n' });
  });

  it('release without --wait prints the deployment id as soon as it is accepted', async () => {
    const run = await cli('release', 'demo', '4.0.0');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`${released('4.0.0').id}\n`);
  });

  it('a busy rejection is exit 1, an unknown service exit 2, each with the reason', async () => {
    const busy = await cli('release', 'demo', '9.9.9', '--wait');
    expect(busy).toMatchObject({ code: 1, stdout: '', stderr: 'cutover: release rejected (busy): deployment demo-abc is running\n' });
    const ghost = await cli('release', 'ghost', '1.0.0');
    expect(ghost).toMatchObject({ code: 2, stderr: 'cutover: release rejected (unknown_service): unknown service "ghost"\n' });
  });

  it('--timeout ends the wait with exit 1 naming the phase; silence from the orchestrator is exit 3', async () => {
    const stuck = await cli('release', 'demo', '4.0.0', '--wait', '--timeout', '1500ms');
    expect(stuck.code).toBe(1);
    expect(stuck.stderr).toMatch(/^cutover: gave up after 1\.5s: deployment demo-\w+ is still Preparing and goes on/);
    const silent = await cli('release', 'demo', '7.0.0', '--timeout', '1s');
    expect(silent.code).toBe(3);
    expect(silent.stderr).toMatch(/^cutover: the orchestrator did not answer within 1\.0s: is it running\?/);
  });

  it('approve prints the phase change it caused; a refused abort is exit 1 with the reason', async () => {
    expect((await cli('release', 'demo', '5.0.0')).code).toBe(0);
    const id = released('5.0.0').id;
    const approve = await cli('approve', id, '--by', 'alice');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toMatch(/ demo 5\.0\.0 Switching Approved: Approved message\n$/);
    const abort = await cli('abort', id);
    expect(abort).toMatchObject({ code: 1, stderr: 'cutover: abort refused: cannot abort refused\n' });
    const unknown = await cli('approve', 'demo-zzzzzzzzzzzz');
    expect(unknown).toMatchObject({ code: 1, stderr: 'cutover: no deployment "demo-zzzzzzzzzzzz"\n' });
  });

  it('rollback waits for RolledBack and says how long it took; with nothing to roll back it is refused', async () => {
    expect((await cli('release', 'demo', '6.0.0')).code).toBe(0);
    const run = await cli('rollback', 'demo', '--reason', 'checkout errors');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('RollingBack RollbackRequested: rolling back: checkout errors');
    expect(run.stdout).toMatch(new RegExp(`demo rolled back to blue 1\\.0\\.0 in [\\d.]+m?s \\(deployment ${released('6.0.0').id}\\)\\n$`));
    const again = await cli('rollback', 'demo');
    expect(again).toMatchObject({ code: 1, stderr: 'cutover: rollback refused: nothing to roll back\n' });
  });
});
