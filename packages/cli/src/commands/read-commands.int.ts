// status, history and diagnostics against a real nats-server whose buckets hold what the
// services would have written.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bus } from '@cutover/messaging';
import { startNatsServer, type NatsServerHandle } from '@cutover/testkit';
import { openStores } from '../stores';
import { bundle, deployment, probe, ROLLED_BACK, snapshot, SUCCEEDED, at } from '../testing/fixtures';
import { runCli } from '../testing/run-cli';

const FIRST = 'demo-00000000100000001';
const SECOND = 'demo-00000000200000002';

describe('status, history and diagnostics', () => {
  let nats: NatsServerHandle;
  let bus: Bus;
  const cli = (...args: string[]) => runCli([...args, '--nats', nats.url]);

  beforeAll(async () => {
    nats = await startNatsServer();
    bus = await Bus.connect({ url: nats.url, name: 'seed' });
    await bus.ensureTopology();
    const stores = openStores(bus);
    const first = deployment(FIRST, SUCCEEDED, { version: '1.0.0', fromColor: null, fromVersion: null, toColor: 'blue' });
    const second = deployment(SECOND, ROLLED_BACK, { createdAt: at(100), message: 'traffic is back on blue (1.0.0)' });
    await stores.deployments.put(FIRST, first);
    await stores.deployments.put(SECOND, second);
    await stores.services.put('demo', { service: 'demo', activeDeploymentId: null, recentDeploymentIds: [SECOND, FIRST] });
    await stores.routing.put('demo', { service: 'demo', liveColor: 'blue', liveVersion: '1.0.0', updatedAt: at(8), history: [] });
    await stores.health.put('demo.blue', snapshot({ color: 'blue', version: '1.0.0' }));
    await stores.health.put('demo.green', snapshot({ state: 'unhealthy', consecutiveFailures: 4, consecutiveSuccesses: 0, recentFailures: [probe(6)] }));
    await stores.diagnostics.put(SECOND, bundle(second));
  });
  afterAll(async () => {
    await bus?.close();
    await nats?.stop();
  });

  it('status shows the live color, both colors with health, and the last deployment', async () => {
    const run = await cli('status', 'demo');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^demo: live blue 1\.0\.0/);
    expect(run.stdout).toMatch(/blue\s+live\s+1\.0\.0\s+-\s+healthy/);
    expect(run.stdout).toMatch(/green\s+-\s+2\.0\.0\s+-\s+unhealthy \(4 failed in a row\)/);
    expect(run.stdout).toMatch(/green last failed probe at \d\d:\d\d:06\.000: http:\/\/127\.0\.0\.1:41234\/ answered 500 in 3ms/);
    expect(run.stdout).toContain(`deployment ${SECOND} (last): 1.0.0 → 2.0.0, blue→green, RolledBack (HealthDegraded)`);
  });

  it('status --json without a service lists every known service', async () => {
    const run = await cli('status', '--json');
    expect(run.code).toBe(0);
    const all = JSON.parse(run.stdout) as { service: string; routing: { liveColor: string }; deployment: { id: string } }[];
    expect(all.map((s) => [s.service, s.routing.liveColor, s.deployment.id])).toEqual([['demo', 'blue', SECOND]]);
  });

  it('status of a service Cutover never saw is exit 1, a malformed name exit 2', async () => {
    const unknown = await cli('status', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('cutover: Cutover knows nothing of service "nope" yet: it has never been released\n');
    expect((await cli('status', 'No_Pe')).code).toBe(2);
  });

  it('history lists deployments newest first with colors, phase, reason and duration', async () => {
    const run = await cli('history', 'demo');
    expect(run.code).toBe(0);
    const [header, newest, oldest] = run.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+VERSION\s+COLORS\s+PHASE\s+REASON\s+STARTED\s+TOOK$/);
    expect(newest).toMatch(new RegExp(`^${SECOND}\\s+2\\.0\\.0\\s+blue→green\\s+RolledBack\\s+HealthDegraded\\s`));
    expect(oldest).toMatch(new RegExp(`^${FIRST}\\s+1\\.0\\.0\\s+→blue\\s+Succeeded\\s+MonitoringPassed\\s.*5\\.0s$`));
    const json = JSON.parse((await cli('history', 'demo', '--json')).stdout) as { id: string }[];
    expect(json.map((r) => r.id)).toEqual([SECOND, FIRST]);
  });

  it('diagnostics prints the reason, failing probes and the stderr of the crashed instance, and --out writes the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-'));
    const out = join(dir, 'bundle.json');
    const run = await cli('diagnostics', SECOND, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Reason:   green degraded while live: 3 probes failed in a row');
    expect(run.stdout).toContain('http://127.0.0.1:41234/ no answer in 3ms: ECONNREFUSED');
    expect(run.stdout.match(/answered 500/g)).toHaveLength(2);
    expect(run.stdout).toContain('instance 0 (pid 4242): exit code 1');
    expect(run.stdout).toContain('    | Error: boom');
    expect(run.stderr).toBe(`diagnostics bundle written to ${out}\n`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { deploymentId: string }).deploymentId).toBe(SECOND);
    rmSync(dir, { recursive: true });
  });

  it('diagnostics of a deployment without a bundle says why, exit 1', async () => {
    const run = await cli('diagnostics', FIRST);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no diagnostics for ${FIRST}: it is Succeeded`);
  });

  it('report gives the DORA figures of the deployments in the window', async () => {
    const stores = openStores(bus);
    const day = 86_400_000;
    const now = Date.now();
    const iso = (ago: number) => new Date(now - ago).toISOString();
    const ids = ['dora-00000000300000003', 'dora-00000000400000004', 'dora-00000000500000005'];
    const live = (id: string, phase: 'Succeeded' | 'RolledBack', switchedAgo: number, extra: object) =>
      deployment(id, phase === 'Succeeded' ? SUCCEEDED : ROLLED_BACK, { service: 'dora', switchedAt: iso(switchedAgo), finishedAt: iso(switchedAgo - 60_000), ...extra });
    await stores.deployments.put(ids[0]!, live(ids[0]!, 'Succeeded', 3 * day, { metadata: { commitTime: iso(3 * day + 3_600_000) } }));
    await stores.deployments.put(ids[1]!, live(ids[1]!, 'Succeeded', 2 * day, { metadata: { commitTime: iso(2 * day + 7_200_000) } }));
    await stores.deployments.put(ids[2]!, live(ids[2]!, 'RolledBack', day, { firstFaultAt: iso(day - 1000), rolledBackAt: iso(day - 1500) }));
    await stores.services.put('dora', { service: 'dora', activeDeploymentId: null, recentDeploymentIds: [...ids].reverse() });

    const json = await cli('report', 'dora', '--since', '10d', '--json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { services: unknown[] }).services).toEqual([
      {
        service: 'dora',
        environment: null,
        finished: 3,
        deployments: 2,
        deploymentsPerDay: 0.2,
        leadTimeMs: { median: 5_400_000, p90: 7_200_000, samples: 2 },
        changeFailureRate: 1 / 3,
        live: 3,
        failed: 1,
        timeToRestoreMs: { median: 500, samples: 1 },
      },
    ]);
    const text = await cli('report', 'dora', '--since', '10d');
    expect(text.stdout.split('\n').slice(0, 5)).toEqual([
      'dora, last 10d, 3 deployment(s) finished:',
      '  deployment frequency  2 succeeded (0.20/day)',
      '  lead time             median 1h30m, p90 2h00m (2 with a commit time)',
      '  change failure rate   33.3% (1 of 3 live changes undone)',
      '  time to restore       median 500ms (1 rollback(s))',
    ]);
    expect((await cli('report', 'dora', '--since', '1h')).stdout).toBe('no deployment finished in the last 1h\n');
  });
});
