// Issue 6: killing the runtime-agent (kill -9) at any moment never leaves traffic on a bad
// version, never loses a release and leaves no orphan: the restarted agent adopts the
// instances its predecessor ran. A whole `cutover up` stack (local runtime, router, demo
// app) under steady HTTP load through the router.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { startStack, type Stack } from '@cutover/cli';
import type { Color, DeploymentRecord, EnvironmentState, Phase } from '@cutover/contracts';
import { isTerminal } from '@cutover/contracts';
import { startLoad, type LoadHandle } from '@cutover/loadgen';
import type { Bus } from '@cutover/messaging';
import { environmentsKv, readEnvironment, RuntimeClient, type EnvironmentsKv } from '@cutover/runtime';
import { freePort, startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';

const ROOT = join(__dirname, '..');
const DEMO_APP = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');
const LOAD_RATE = 100;
// Long enough for the agent, killed as Monitoring begins, to be back before it ends, even on a busy machine.
const MONITOR_WINDOW_MS = 20_000;

let messaging: MessagingFixture;
let bus: Bus;
let kv: EnvironmentsKv;
let runtime: RuntimeClient;
let stack: Stack;
let dataDir: string;
let api: string;
let url: string;
let load: LoadHandle | null = null;

/** Pids of the demo-app instances of this stack in a color, found by their environment in /proc. */
function instances(color: Color): number[] {
  const marks = ['CUTOVER_SERVICE=demo', `COLOR=${color}`, `CUTOVER_STATE_DIR=${join(dataDir, 'runtime')}`];
  const found: number[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      // A zombie is not running; its environ reads empty anyway.
      if (readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0] === 'Z') continue;
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (marks.every((m) => environ.includes(m))) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found.sort((a, b) => a - b);
}

const environment = (color: Color) => readEnvironment(kv, 'demo', color);

async function diagnosedPids(color: Color): Promise<number[]> {
  const d = await runtime.diagnostics('demo', color);
  return (d.details.processes as { pid: number }[]).map((p) => p.pid).sort((a, b) => a - b);
}

/** kill -9 the runtime-agent, then start it again and wait until it is ready; returns how long it was away. */
async function crashAgent(): Promise<number> {
  const t0 = Date.now();
  stack.kill('runtime-agent', 'SIGKILL');
  await stack.restart('runtime-agent');
  return Date.now() - t0;
}

/**
 * Releases through the API and follows it; at each phase of crashAt, the agent is killed once
 * (when the condition holds) and must be back before that phase ends: the orchestrator asks
 * for the old color's scale-down once, and an agent still away then would miss it.
 */
async function release(version: string, env: Record<string, string>, crashAt: Partial<Record<Phase, () => boolean>> = {}): Promise<DeploymentRecord> {
  const res = await fetch(`${api}/api/releases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: 'demo', version, env }),
  });
  const answer = (await res.json()) as { deployment?: DeploymentRecord; message?: string };
  if (!answer.deployment) throw new Error(`release ${version} refused: ${answer.message ?? res.status}`);
  let record = answer.deployment;
  const crashed = new Set<Phase>();
  const deadline = Date.now() + 120_000;
  while (!isTerminal(record.phase)) {
    const when = crashAt[record.phase];
    if (when && !crashed.has(record.phase) && when()) {
      crashed.add(record.phase);
      const awayMs = await crashAgent();
      const now = (await (await fetch(`${api}/api/deployments/${record.id}`)).json()) as DeploymentRecord;
      if (record.phase === 'Monitoring' && now.phase !== 'Monitoring') {
        throw new Error(`the agent was away ${awayMs} ms, longer than Monitoring (${MONITOR_WINDOW_MS} ms): the test needs a longer window`);
      }
    }
    if (Date.now() > deadline) throw new Error(`${record.id} still ${record.phase}`);
    await new Promise((r) => setTimeout(r, 50));
    record = (await (await fetch(`${api}/api/deployments/${record.id}`)).json()) as DeploymentRecord;
  }
  expect([...crashed].sort()).toEqual(Object.keys(crashAt).sort());
  return record;
}

beforeAll(async () => {
  messaging = await startMessaging();
  bus = await messaging.connect('agent-crash-test');
  kv = environmentsKv(bus);
  runtime = new RuntimeClient(bus);
  dataDir = mkdtempSync(join(tmpdir(), 'cutover-agent-crash-'));
  // freePort may hand out a port again once it is released: six different ones are needed.
  const free = new Set<number>();
  while (free.size < 6) free.add(await freePort());
  const [orchestrator, healthMonitor, switcher, rollback, runtimeAgent, routerPort] = [...free] as [number, number, number, number, number, number];
  const ports = { orchestrator, healthMonitor, switcher, rollback, runtimeAgent };
  const configPath = join(dataDir, 'cutover.yaml');
  writeFileSync(
    configPath,
    YAML.stringify({
      version: 1,
      nats: { url: messaging.server.url },
      runtime: { kind: 'local' },
      ports,
      services: {
        demo: {
          command: [process.execPath, DEMO_APP],
          instances: 2,
          router: { host: '127.0.0.1', port: routerPort },
          policy: { probe: { path: '/' }, monitorWindowMs: MONITOR_WINDOW_MS, scaleDownDelayMs: 1000 },
        },
      },
    }),
  );
  stack = await startStack({ configPath, dataDir, natsUrl: messaging.server.url, stopGraceMs: 5000 });
  api = `http://127.0.0.1:${ports.orchestrator}`;
  url = `http://127.0.0.1:${routerPort}/`;
}, 120_000);

afterEach(async () => {
  await load?.stop();
  load = null;
});

afterAll(async () => {
  await stack?.stop();
  await messaging?.stop();
  // The stack was stopped the normal way: a process left here is an orphan.
  const left = dataDir ? [...instances('blue'), ...instances('green')] : [];
  for (const pid of left) process.kill(-pid, 'SIGKILL');
  const stateFiles = dataDir ? readdirSync(join(dataDir, 'runtime')) : [];
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  expect(left).toEqual([]);
  expect(stateFiles).toEqual([]);
});

describe('the runtime-agent killed with SIGKILL', () => {
  it('keeps the live release serving, with the same processes, through the kill and the restart', async () => {
    expect((await release('1.0.0', {})).phase).toBe('Succeeded');
    const before = instances('blue');
    expect(before).toHaveLength(2);
    expect(await diagnosedPids('blue')).toEqual(before);

    load = startLoad({ url, ratePerSecond: LOAD_RATE });
    await load.until((l) => l.version === '1.0.0', 5000);
    await crashAgent();
    expect(await diagnosedPids('blue')).toEqual(before);
    expect(await environment('blue')).toMatchObject({ status: 'ready', version: '1.0.0' });
    // Traffic goes on for a while with the new agent in charge.
    const sent = load.snapshot().sent;
    await waitFor(() => load!.snapshot().sent >= sent + LOAD_RATE, { timeoutMs: 10_000, what: 'a second more of traffic' });
    const report = await load.stop();
    load = null;

    expect(report.failures).toEqual([]);
    expect(report.byVersion['1.0.0']).toBeGreaterThan(LOAD_RATE);
    expect(instances('blue')).toEqual(before);
    expect(((await environment('blue')) as EnvironmentState).endpoints).toHaveLength(2);
  });

  it('finishes a release whose agent was killed while it prepared and while it was monitored, leaving no orphan', async () => {
    const blue = instances('blue');
    load = startLoad({ url, ratePerSecond: LOAD_RATE });
    // Green takes 2 s to answer: the first kill lands while it is still starting.
    const record = await release('2.0.0', { READY_DELAY_MS: '2000' }, {
      Preparing: () => instances('green').length === 2,
      Monitoring: () => true,
    });
    expect(record).toMatchObject({ phase: 'Succeeded', toColor: 'green' });
    await load.until((l) => l.version === '2.0.0' && l.color === 'green', 5000);
    await waitFor(async () => (await environment('blue'))?.status === 'stopped', { timeoutMs: 30_000, what: 'blue to be scaled down' });
    const report = await load.stop();
    load = null;

    expect(report.failures).toEqual([]);
    expect(blue.filter((pid) => instances('blue').includes(pid))).toEqual([]);
    expect(instances('blue')).toEqual([]);
    expect(instances('green')).toHaveLength(2);
    expect(await environment('green')).toMatchObject({ status: 'ready', version: '2.0.0' });
  });
});
