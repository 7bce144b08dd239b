// Issue 2's benchmark: a healthy switch at 1,000 requests/s, time from first fault to
// traffic back on the previous color over 10 runs at the default policy, and the router's
// throughput against the app's own. Prints a Markdown section for bench/RESULTS.md.
//   npm run bench
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { buckets, environmentKey, EnvironmentStateSchema } from '@cutover/contracts';
import { Bus } from '@cutover/messaging';
import { releaseAndFollow, startStack, Timeline } from '@cutover/cli';
import { percentile, runClosedLoop, startLoad } from '@cutover/loadgen';
import { freePort } from '@cutover/testkit';

const ROOT = join(__dirname, '..', '..');
const ROLLBACK_RUNS = Number(process.env.BENCH_ROLLBACK_RUNS ?? 10);

const fmt = (n: number | null, digits = 0) => (n === null ? 'n/a' : n.toFixed(digits));
const quiet = new Timeline(() => undefined);
const release = (api: string, service: string, version: string, env: Record<string, string> = {}) =>
  releaseAndFollow(api, { service, version, env }, quiet);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
  const routerPort = await freePort();
  const configPath = join(dataDir, 'cutover.yaml');
  const ports = { orchestrator: await freePort(), healthMonitor: await freePort(), switcher: await freePort(), rollback: await freePort(), runtimeAgent: await freePort() };
  // The default policy, except the probe path: the demo app's faults hit `/`.
  writeFileSync(
    configPath,
    YAML.stringify({
      version: 1,
      ports,
      services: { demo: { command: ['node', join(ROOT, 'examples/demo-app/dist/main.js')], instances: 2, router: { host: '127.0.0.1', port: routerPort }, policy: { probe: { path: '/' } } } },
    }),
  );
  const stack = await startStack({ configPath, dataDir });
  const api = `http://127.0.0.1:${ports.orchestrator}`;
  const url = `http://127.0.0.1:${routerPort}/`;
  const lines: string[] = [];
  const log = (s: string) => {
    console.error(s);
    lines.push(s);
  };
  try {
    process.stderr.write('bench: release 1.0.0 (default policy: 30 s monitoring window)\n');
    await release(api, 'demo', '1.0.0');

    process.stderr.write('bench: healthy switch to 2.0.0 at 1,000 requests/s\n');
    const load = startLoad({ url, ratePerSecond: 1000, connections: 64 });
    const good = await release(api, 'demo', '2.0.0');
    const switchReport = await load.stop();
    const lat = switchReport.latenciesMs.sort((a, b) => a - b);

    process.stderr.write(`bench: ${ROLLBACK_RUNS} bad releases, each failing about 1 s after going live (FAULT_AFTER_MS=2000: the app goes live about 0.7 s after it starts)\n`);
    const byClients: number[] = [];
    const byRecord: number[] = [];
    for (let i = 0; i < ROLLBACK_RUNS; i++) {
      const bad = startLoad({ url, ratePerSecond: 200 });
      const rec = await release(api, 'demo', `3.0.${i}`, { FAULT_AFTER_MS: '2000' });
      await bad.until((l) => l.version === '2.0.0', 10_000);
      const r = await bad.stop();
      if (rec.phase !== 'RolledBack') throw new Error(`run ${i}: expected RolledBack, got ${rec.phase}: ${rec.message}`);
      if (r.failures.length > 0) byClients.push(r.failures[r.failures.length - 1]!.at - r.failures[0]!.at);
      byRecord.push(Date.parse(rec.rolledBackAt!) - Date.parse(rec.firstFaultAt!));
      process.stderr.write(`  run ${i + 1}: ${byRecord[byRecord.length - 1]} ms (record), ${byClients[byClients.length - 1] ?? 'n/a'} ms (clients)\n`);
    }

    process.stderr.write('bench: router throughput against the app directly\n');
    const bus = await Bus.connect({ url: stack.natsUrl, name: 'bench' });
    const envs = await bus.kv(buckets.environments, EnvironmentStateSchema);
    const live = (await envs.get(environmentKey('demo', good.toColor)))!.value.endpoints[0]!;
    await bus.close();
    const direct = await runClosedLoop({ url: `http://${live.host}:${live.port}/`, connections: 32, durationMs: 5000 });
    const routed = await runClosedLoop({ url, connections: 32, durationMs: 5000 });

    const sortedRecord = [...byRecord].sort((a, b) => a - b);
    const sortedClients = [...byClients].sort((a, b) => a - b);
    log(`## Issue 2: local runtime and router (${new Date().toISOString().slice(0, 10)})`);
    log('');
    log(`Command: \`npm run bench\`. Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`);
    log('');
    log('| figure | value | target |');
    log('| --- | --- | --- |');
    log(`| healthy switch at 1,000 req/s: requests sent / failed | ${switchReport.sent} / ${switchReport.failed} | 0 failed |`);
    log(`| healthy switch at 1,000 req/s: p50 / p99 latency | ${fmt(percentile(lat, 50), 1)} ms / ${fmt(percentile(lat, 99), 1)} ms | |`);
    log(`| first fault → traffic back, deployment record (${byRecord.length} runs): median / p95 | ${fmt(percentile(sortedRecord, 50))} ms / ${fmt(percentile(sortedRecord, 95))} ms | ≤ 1,500 ms p95 |`);
    log(`| first failed request → last failed request, clients at 200 req/s: median / p95 | ${fmt(percentile(sortedClients, 50))} ms / ${fmt(percentile(sortedClients, 95))} ms | |`);
    log(`| throughput direct to one app instance (32 connections) | ${fmt(direct.perSecond)} req/s, p99 ${fmt(direct.p99Ms, 1)} ms | |`);
    log(`| throughput through the router (32 connections) | ${fmt(routed.perSecond)} req/s, p99 ${fmt(routed.p99Ms, 1)} ms | |`);
    log(`| router / direct | ${(routed.perSecond / direct.perSecond).toFixed(2)} | ≥ 0.5 |`);
  } finally {
    await stack.stop();
  }
  console.log(lines.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
