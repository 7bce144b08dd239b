// Issue 4's benchmark: health-monitor capacity on one core. The monitor's probing path (probe
// scheduler, HTTP prober, health windows, a sink that only counts) runs in this process, pinned
// to CPU 0; the probe target runs in a child pinned to CPU 1. Steps up the number of watched
// environments (one endpoint each, probed every 200 ms) and reports, per step, the probes per
// second done and the scheduling lag (how late rounds start); a step is sustained when the
// mean lag stays under 1% of the interval. Then memory per 1,000 watched environments.
// Prints a Markdown section for bench/RESULTS.md.
//   npm run bench:health            (BENCH_HEALTH_SECONDS=3 for a short run)
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EnvironmentState, HealthSnapshot, HealthTransition, Policy } from '@cutover/contracts';
import { DEFAULT_POLICY, systemClock } from '@cutover/core';
import { createLogger } from '@cutover/observability';
import { EndpointProber } from '@cutover/health-monitor/dist/probes/endpoint-prober';
import { ProbeScheduler } from '@cutover/health-monitor/dist/probes/probe-scheduler';
import { PrometheusProber } from '@cutover/health-monitor/dist/probes/prometheus-prober';
import { WatchSet, type HealthSink } from '@cutover/health-monitor/dist/monitor/watch-set';

const SECONDS = Number(process.env.BENCH_HEALTH_SECONDS ?? 10);
const STEPS = (process.env.BENCH_HEALTH_STEPS ?? '500,1000,1500,2000,3000').split(',').map(Number);
const INTERVAL_MS = 200;
const TARGET_PORTS = 50;
const WARM_UP_MS = 1_500;
// The monitor's own bound (MAX_CONCURRENT_ROUNDS of the health-monitor service).
const MAX_CONCURRENT = 256;
const policy: Policy = { ...DEFAULT_POLICY, probe: { ...DEFAULT_POLICY.probe, intervalMs: INTERVAL_MS } };

class CountingSink implements HealthSink {
  snapshots = 0;
  async snapshot(_s: HealthSnapshot): Promise<void> {
    this.snapshots++;
  }
  async transition(_t: HealthTransition): Promise<void> {}
  async removed(): Promise<void> {}
  async warning(): Promise<void> {}
}

function pin(pid: number, cpu: number): boolean {
  return cpus().length > 1 && spawnSync('taskset', ['-a', '-cp', String(cpu), String(pid)], { stdio: 'ignore' }).status === 0;
}

async function startTarget(): Promise<{ ports: number[]; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'health-target.js')], { env: { ...process.env, PORTS: String(TARGET_PORTS) }, stdio: ['ignore', 'pipe', 'inherit'] });
  pin(child.pid!, 1);
  const [line] = (await once(child.stdout!.setEncoding('utf8'), 'data')) as [string];
  return {
    ports: JSON.parse(line) as number[],
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const env = (i: number, port: number): EnvironmentState => ({
  service: `svc-${Math.floor(i / 2)}`,
  color: i % 2 === 0 ? 'blue' : 'green',
  version: '1.0.0',
  specHash: null,
  status: 'ready',
  reason: 'Ready',
  message: '',
  endpoints: [{ host: '127.0.0.1', port }],
  exits: [],
  updatedAt: new Date().toISOString(),
});

interface Step {
  environments: number;
  scheduled: number;
  done: number;
  meanLagMs: number;
  p99LagMs: number;
}

/** The health-monitor's watch set as the service builds it, with HTTP probes and a counting sink. */
function watchSet(sink: CountingSink, scheduler: ProbeScheduler, prober: EndpointProber): WatchSet {
  return new WatchSet({
    clock: systemClock,
    policyFor: () => policy,
    prober,
    checker: new PrometheusProber(systemClock),
    probeBy: 'http',
    loop: (intervalMs, round) => scheduler.loop(intervalMs, round),
    sink,
    log: createLogger('bench', { level: 'error' }),
  });
}

async function step(n: number, ports: number[]): Promise<Step> {
  const lags: number[] = [];
  let measuring = false;
  const sink = new CountingSink();
  const prober = new EndpointProber(systemClock);
  const scheduler = new ProbeScheduler({ maxConcurrent: MAX_CONCURRENT, onError: () => undefined, onLag: (lag) => measuring && lags.push(lag) });
  const set = watchSet(sink, scheduler, prober);
  for (let i = 0; i < n; i++) await set.applyEnvironment(env(i, ports[i % ports.length]!));
  // Let connections open, code warm up and first rounds spread, then measure.
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  const before = sink.snapshots;
  measuring = true;
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  measuring = false;
  const done = sink.snapshots - before;
  set.close();
  scheduler.close();
  prober.close();
  lags.sort((a, b) => a - b);
  return {
    environments: n,
    scheduled: (n * 1000) / INTERVAL_MS,
    done: done / SECONDS,
    meanLagMs: lags.reduce((a, b) => a + b, 0) / Math.max(1, lags.length),
    p99LagMs: lags[Math.floor(0.99 * (lags.length - 1))] ?? 0,
  };
}

/** Heap and RSS that 1,000 watched environments hold (windows full), against the same process once they are released. */
async function memoryPer1000(ports: number[]): Promise<{ heapMiB: number; rssMiB: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sink = new CountingSink();
  const scheduler = new ProbeScheduler({ maxConcurrent: MAX_CONCURRENT, onError: () => undefined });
  const prober = new EndpointProber(systemClock);
  const set = watchSet(sink, scheduler, prober);
  for (let i = 0; i < 1000; i++) await set.applyEnvironment(env(i, ports[i % ports.length]!));
  // The health window keeps 5 s of rounds: let it fill.
  await new Promise((resolve) => setTimeout(resolve, (DEFAULT_POLICY.health?.windowMs ?? 5_000) + 500));
  gc();
  const watching = process.memoryUsage();
  set.close();
  scheduler.close();
  prober.close();
  // Rounds in flight finish into the closed set; give them a moment before measuring without it.
  await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_MS));
  gc();
  const released = process.memoryUsage();
  const mib = (b: number) => b / 1024 / 1024;
  return { heapMiB: mib(watching.heapUsed - released.heapUsed), rssMiB: mib(watching.rss - released.rss) };
}

async function main(): Promise<void> {
  const pinned = pin(process.pid, 0);
  const target = await startTarget();
  const steps: Step[] = [];
  for (const n of STEPS) {
    const s = await step(n, target.ports);
    steps.push(s);
    process.stderr.write(`${n} environments: ${s.done.toFixed(0)}/${s.scheduled} probes/s, lag mean ${s.meanLagMs.toFixed(2)} ms p99 ${s.p99LagMs.toFixed(1)} ms\n`);
  }
  const memory = await memoryPer1000(target.ports);
  await target.stop();

  const sustained = steps.filter((s) => s.meanLagMs < INTERVAL_MS / 100);
  const best = sustained.at(-1);
  const lines = [
    `## Issue 4: health-monitor capacity (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`npm run bench:health\` (${SECONDS} s per step). Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; monitor ${pinned ? 'pinned to CPU 0, target to CPU 1' : 'not pinned (taskset unavailable or one CPU)'}.`,
    '',
    '| watched environments | probes/s scheduled | probes/s done | scheduling lag mean / p99 | sustained (mean lag < 1% of 200 ms) |',
    '| --- | --- | --- | --- | --- |',
    ...steps.map((s) => `| ${s.environments} | ${s.scheduled} | ${s.done.toFixed(0)} | ${s.meanLagMs.toFixed(2)} ms / ${s.p99LagMs.toFixed(1)} ms | ${s.meanLagMs < INTERVAL_MS / 100 ? 'yes' : 'no'} |`),
    '',
    `| figure | value | target |`,
    '| --- | --- | --- |',
    `| HTTP probes/s sustained on one core (highest sustained step, as scheduled) | ${best ? best.scheduled : 'none'} | ≥ 5,000 |`,
    `| memory per 1,000 watched environments: heap / RSS | ${memory.heapMiB.toFixed(1)} MiB / ${memory.rssMiB.toFixed(1)} MiB | |`,
    '',
    'The sink counts snapshots instead of publishing them: this is the probing path alone',
    '(scheduler, keep-alive HTTP probes, windows, state machine), not NATS publishing.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
