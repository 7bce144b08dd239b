// Issue 2's "must show", end to end: a real nats-server, `cutover up` with the local runtime
// and router, the demo app, and the CLI as a pipeline would call it.
import { startLoad, type LoadHandle } from '@cutover/loadgen';
import { waitFor } from '@cutover/testkit';
import { getJson, processLog, startStack, type CliResult, type Stack } from './support/cutover';

interface Record {
  id: string;
  phase: string;
  reason: string;
  message: string;
  version: string;
  toColor: string;
  firstFaultAt?: string;
  rolledBackAt?: string;
  history: { phase: string }[];
}

const record = (r: CliResult): Record => {
  try {
    return JSON.parse(r.stdout) as Record;
  } catch {
    throw new Error(`not a JSON record (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

let stack: Stack;
const url = () => stack.publicUrl('demo');
const whereIsTraffic = async () => (await getJson(url())).body as { version: string; color: string };

beforeAll(async () => {
  stack = await startStack({ demo: {}, gated: { instances: 1, policy: { approval: { required: true, timeoutMs: null } } }, first: { instances: 1 } });
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  const { currentTestName } = expect.getState();
  if (process.env.CUTOVER_E2E_LOGS) console.log(currentTestName, processLog(stack, 'orchestrator'));
});

describe('local runtime, end to end', () => {
  let load: LoadHandle | null = null;
  afterEach(async () => {
    await load?.stop();
    load = null;
  });

  it('release 1.0.0 puts blue live', async () => {
    const r = await stack.cli(['release', 'demo', '1.0.0', '--wait', '--json']);
    expect(r.code).toBe(0);
    expect(record(r).phase).toBe('Succeeded');
    expect(await whereIsTraffic()).toEqual({ version: '1.0.0', color: 'blue' });
  });

  it('release 2.0.0 under steady load puts green live with 0 failed requests', async () => {
    load = startLoad({ url: url(), ratePerSecond: 250 });
    const r = await stack.cli(['release', 'demo', '2.0.0', '--wait', '--json']);
    const report = await load.stop();
    expect(r.code).toBe(0);
    expect(record(r).toColor).toBe('green');
    expect(report.sent).toBeGreaterThan(500);
    expect(report.failures).toEqual([]);
    expect(report.byVersion['2.0.0']).toBeGreaterThan(0);
    expect(await whereIsTraffic()).toEqual({ version: '2.0.0', color: 'green' });
  });

  it('3.0.0 failing about 1 s after going live is rolled back within 3 s, and says why', async () => {
    load = startLoad({ url: url(), ratePerSecond: 200 });
    const r = await stack.cli(['release', 'demo', '3.0.0', '--env', 'FAULT_AFTER_MS=2000', '--wait', '--json']);
    await load.until((l) => l.version === '2.0.0', 5000);
    const report = await load.stop();
    expect(r.code).toBe(1);
    const rec = record(r);
    expect(rec.phase).toBe('RolledBack');
    expect(rec.history.map((h) => h.phase)).toEqual(expect.arrayContaining(['Monitoring', 'RollingBack', 'RolledBack']));
    // Clients saw faults for at most 3 s: from the first failed request to the last one.
    expect(report.failed).toBeGreaterThan(0);
    const first = report.failures[0]!.at;
    const last = report.failures[report.failures.length - 1]!.at;
    expect(last - first).toBeLessThanOrEqual(3000);
    expect(Date.parse(rec.rolledBackAt!) - Date.parse(rec.firstFaultAt!)).toBeLessThanOrEqual(3000);
    expect(await whereIsTraffic()).toEqual({ version: '2.0.0', color: 'green' });

    const diag = await stack.cli(['diagnostics', rec.id]);
    expect(diag.code).toBe(0);
    expect(diag.stdout).toMatch(/500/);
    expect(diag.stdout).toMatch(/Monitoring/);
    expect(diag.stdout).toMatch(/RolledBack/);
  });

  it('4.0.0 that crashes on start fails in Preparing and live traffic is untouched', async () => {
    load = startLoad({ url: url(), ratePerSecond: 200 });
    const r = await stack.cli(['release', 'demo', '4.0.0', '--env', 'CRASH_ON_START=1', '--wait', '--json']);
    const report = await load.stop();
    expect(r.code).toBe(1);
    const rec = record(r);
    expect(rec.phase).toBe('Failed');
    expect(rec.history.map((h) => h.phase)).not.toContain('Verifying');
    expect(rec.message).toMatch(/exit/i);
    expect(report.failures).toEqual([]);
    expect(report.byVersion).toEqual({ '2.0.0': report.ok });
  });

  it('FAULT_RATE=1 fails in Verifying and traffic never switches', async () => {
    load = startLoad({ url: url(), ratePerSecond: 100 });
    const r = await stack.cli(['release', 'demo', '5.0.0', '--env', 'FAULT_RATE=1', '--wait', '--json']);
    const report = await load.stop();
    expect(r.code).toBe(1);
    const rec = record(r);
    expect(rec.phase).toBe('Failed');
    expect(rec.history.map((h) => h.phase)).toContain('Verifying');
    expect(rec.history.map((h) => h.phase)).not.toContain('Switching');
    expect(report.failures).toEqual([]);
    expect(report.byVersion).toEqual({ '2.0.0': report.ok });
  });

  it('a second release while one runs is rejected with a clear error', async () => {
    const first = stack.spawnCli(['release', 'demo', '6.0.0', '--wait', '--json']);
    await waitFor(async () => ((await getJson(`${stack.apiUrl}/api/services/demo`)).body.activeDeploymentId ?? null) !== null, {
      timeoutMs: 10_000,
      what: 'first release accepted',
    });
    const second = await stack.cli(['release', 'demo', '7.0.0', '--wait']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already has deployment .* in phase|busy/);
    const r = await first.done;
    expect(r.code).toBe(0);
    expect(await whereIsTraffic()).toEqual({ version: '6.0.0', color: 'blue' });
  });

  it('after a success, while the old color is warm, `cutover rollback` switches back in < 1 s with 0 failed', async () => {
    load = startLoad({ url: url(), ratePerSecond: 200 });
    const r = await stack.cli(['rollback', 'demo', '--reason', 'e2e manual rollback']);
    await load.until((l) => l.version === '2.0.0', 2000);
    const report = await load.stop();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RolledBack/);
    const took = Number(/in (\d+) ?ms/.exec(r.stdout)?.[1]);
    expect(took).toBeLessThan(1000);
    expect(report.failures).toEqual([]);
    expect(await whereIsTraffic()).toEqual({ version: '2.0.0', color: 'green' });
  });
});

describe('approval gate', () => {
  it('waits in AwaitingApproval; approve continues', async () => {
    const release = stack.spawnCli(['release', 'gated', '1.0.0', '--wait', '--json']);
    const id = await waitForPhase('gated', 'AwaitingApproval');
    const approve = await stack.cli(['approve', id, '--by', 'e2e']);
    expect(approve.code).toBe(0);
    const r = await release.done;
    expect(r.code).toBe(0);
    expect(record(r).phase).toBe('Succeeded');
  });

  it('abort ends it and tears the idle color down', async () => {
    const release = stack.spawnCli(['release', 'gated', '2.0.0', '--wait', '--json']);
    const id = await waitForPhase('gated', 'AwaitingApproval');
    const abort = await stack.cli(['abort', id, '--by', 'e2e', '--reason', 'not today']);
    expect(abort.code).toBe(0);
    const r = await release.done;
    expect(r.code).toBe(1);
    expect(record(r).phase).toBe('Aborted');
    const status = await stack.cli(['status', 'gated', '--json']);
    await waitFor(async () => JSON.stringify(JSON.parse((await stack.cli(['status', 'gated', '--json'])).stdout)).includes('"stopped"'), {
      timeoutMs: 15_000,
      what: `green of gated stopped (status: ${status.stdout})`,
    });
    expect((await getJson(stack.publicUrl('gated'))).body).toEqual({ version: '1.0.0', color: 'blue' });
  });
});

async function waitForPhase(service: string, phase: string): Promise<string> {
  let id = '';
  await waitFor(
    async () => {
      const { body } = await getJson(`${stack.apiUrl}/api/services/${service}`);
      const last = body.lastDeployment as { id: string; phase: string } | null;
      id = last?.id ?? '';
      return last?.phase === phase;
    },
    { timeoutMs: 30_000, what: `${service} in ${phase}` },
  );
  return id;
}

describe('a first release that goes bad while live', () => {
  it('ends Failed, saying there is nothing to roll back to, and traffic stays on it', async () => {
    const r = await stack.cli(['release', 'first', '1.0.0', '--env', 'FAULT_AFTER_MS=2000', '--wait', '--json']);
    expect(r.code).toBe(1);
    expect(record(r)).toMatchObject({ phase: 'Failed', reason: 'UnhealthyWithoutPrevious', message: expect.stringContaining('no previous color to roll back to') });
    expect(record(r).history.map((h) => h.phase)).toContain('Monitoring');
    // Still served by the failing release itself (its own 500), not cut off by the router.
    expect((await fetch(stack.publicUrl('first'))).status).toBe(500);
  });
});
