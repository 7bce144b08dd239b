// Issue 6, item 9: a bounded soak. Deployments back to back on the local runtime with faults
// mixed in, and every few deployments each Cutover process is sampled from outside: resident
// memory, heap (its /metrics), open file descriptors, children; plus the demo-app processes
// this run started that are still alive. Prints a Markdown section for bench/RESULTS.md;
// fault/soak.fault.ts runs a short one and asserts its bounds.
//   npm run bench:soak   (SOAK_DEPLOYMENTS=200, SOAK_SAMPLE_EVERY=20, SOAK_INSTANCES=2, SOAK_MAX_OLD_SPACE_MIB)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import type { Phase } from '@cutover/contracts';
import { releaseAndFollow, startStack, Timeline } from '@cutover/cli';
import { freePort, waitFor } from '@cutover/testkit';
import { heapUsedMiB, processesWithEnv, sampleProcess } from './proc-stats';

// Resolved through the workspace link, so it is found from bench/dist and from jest alike.
const DEMO_APP = join(dirname(require.resolve('@cutover/demo-app/package.json')), 'dist', 'main.js');
/** Every release of a run carries it, so the run's applications are found wherever they are. */
export const RUN_MARKER = 'CUTOVER_SOAK_RUN';

export interface SoakOptions {
  deployments: number;
  sampleEvery: number;
  instances: number;
  /** Caps every Cutover process's old generation (MiB), as --max-old-space-size. */
  maxOldSpaceMiB?: number;
  progress?: (line: string) => void;
}

export interface ProcessFigures {
  rssMiB: number;
  heapMiB: number | null;
  fds: number;
  children: number;
}

export interface SoakSample {
  /** Deployments done when the sample was taken; 'settled' after the last scale-down. */
  after: number | 'settled';
  elapsedMs: number;
  processes: Record<string, ProcessFigures>;
  /** Demo-app processes of this run alive at that moment. */
  apps: number;
}

export interface SoakVerdict {
  service: string;
  version: string;
  expected: Phase;
  phase: Phase;
  ms: number;
}

export interface SoakResult {
  samples: SoakSample[];
  verdicts: SoakVerdict[];
  /** Instances of the live colors: what should run once the previous colors are scaled down. */
  expectedApps: number;
  /** Demo-app processes of this run still alive after `stop`. */
  appsAfterStop: number;
  durationMs: number;
}

interface Planned {
  service: 'steady' | 'flaky';
  env: Record<string, string>;
  expected: Phase;
}

// One deployment in ten fails its pre-switch checks, one crashes on start, one breaks after
// going live and is rolled back; the rest go live. The rollbacks run on their own service,
// whose long monitoring window lets the fault show up after the switch.
export function plan(i: number): Planned {
  switch (i % 10) {
    case 3:
      return { service: 'steady', env: { FAULT_RATE: '1' }, expected: 'Failed' };
    case 6:
      return { service: 'steady', env: { CRASH_ON_START: '1' }, expected: 'Failed' };
    case 9:
      return { service: 'flaky', env: { FAULT_AFTER_MS: '6000' }, expected: 'RolledBack' };
    default:
      return { service: 'steady', env: {}, expected: 'Succeeded' };
  }
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const progress = opts.progress ?? (() => undefined);
  const run = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-soak-'));
  const configPath = join(dataDir, 'cutover.yaml');
  const ports = { orchestrator: await freePort(), healthMonitor: await freePort(), switcher: await freePort(), rollback: await freePort(), runtimeAgent: await freePort() };
  const service = async (monitorWindowMs: number) => ({
    command: ['node', DEMO_APP],
    instances: opts.instances,
    router: { host: '127.0.0.1', port: await freePort() },
    policy: { probe: { path: '/' }, monitorWindowMs, scaleDownDelayMs: 500 },
  });
  writeFileSync(configPath, YAML.stringify({ version: 1, ports, services: { steady: await service(1000), flaky: await service(20_000) } }));

  // A capped heap makes V8 collect before it grows: what stays is what the process keeps.
  const env = opts.maxOldSpaceMiB ? { ...process.env, NODE_OPTIONS: `--max-old-space-size=${opts.maxOldSpaceMiB}` } : process.env;
  const stack = await startStack({ configPath, dataDir, env });
  const api = `http://127.0.0.1:${ports.orchestrator}`;
  const quiet = new Timeline(() => undefined);
  const release = (service: string, version: string, env: Record<string, string>) =>
    releaseAndFollow(api, { service, version, env: { ...env, [RUN_MARKER]: run } }, quiet, 120_000);
  const apps = () => processesWithEnv(RUN_MARKER, run).length;
  const t0 = Date.now();
  const sample = async (after: SoakSample['after']): Promise<SoakSample> => {
    const processes: Record<string, ProcessFigures> = {};
    for (const c of stack.components()) {
      const s = sampleProcess(c.pid);
      if (!s) throw new Error(`${c.name} (pid ${c.pid}) is gone`);
      const heap = c.name === 'nats-server' ? null : await heapUsedMiB(c.url);
      processes[c.name] = { rssMiB: s.rssMiB, heapMiB: heap, fds: s.fds, children: s.children };
    }
    return { after, elapsedMs: Date.now() - t0, processes, apps: apps() };
  };

  const samples: SoakSample[] = [];
  const verdicts: SoakVerdict[] = [];
  try {
    for (const s of ['steady', 'flaky']) {
      const r = await release(s, '0.0.1', {});
      if (r.phase !== 'Succeeded') throw new Error(`first release of ${s}: ${r.phase}: ${r.message}`);
    }
    samples.push(await sample(0));
    for (let i = 0; i < opts.deployments; i++) {
      const p = plan(i);
      const started = Date.now();
      const r = await release(p.service, `1.${Math.floor(i / 100)}.${i % 100}`, p.env);
      verdicts.push({ service: p.service, version: r.version, expected: p.expected, phase: r.phase, ms: Date.now() - started });
      if (r.phase !== p.expected) progress(`deployment ${i + 1}: expected ${p.expected}, got ${r.phase} (${r.reason}: ${r.message})`);
      if ((i + 1) % opts.sampleEvery === 0 || i + 1 === opts.deployments) {
        samples.push(await sample(i + 1));
        progress(`after ${i + 1} deployments: ${describe(samples[samples.length - 1]!)}`);
      }
    }
    const expectedApps = 2 * opts.instances;
    // The previous colors go after the scale-down delay; waiting for that is part of the run.
    await waitFor(() => apps() === expectedApps, { timeoutMs: 60_000, intervalMs: 200, what: `${expectedApps} demo-app processes` }).catch(() => undefined);
    samples.push(await sample('settled'));
    progress(`settled: ${describe(samples[samples.length - 1]!)}`);
    await stack.stop();
    await waitFor(() => apps() === 0, { timeoutMs: 30_000, intervalMs: 200, what: 'no demo-app process' }).catch(() => undefined);
    return { samples, verdicts, expectedApps, appsAfterStop: apps(), durationMs: Date.now() - t0 };
  } finally {
    await stack.stop();
  }
}

const mib = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));

function describe(s: SoakSample): string {
  const procs = Object.entries(s.processes).map(([name, p]) => `${name} ${mib(p.rssMiB)} MiB/${p.fds} fds`);
  return `${procs.join(', ')}; ${s.apps} apps`;
}

/** Growth of one figure from the warm-up sample to the settled one. */
export function growth(result: SoakResult, name: string, figure: 'rssMiB' | 'heapMiB' | 'fds'): { warm: number; end: number; max: number } {
  const warm = result.samples[Math.min(1, result.samples.length - 1)]!;
  const end = result.samples[result.samples.length - 1]!;
  const values = result.samples.slice(1).map((s) => s.processes[name]![figure] ?? 0);
  return { warm: warm.processes[name]![figure] ?? 0, end: end.processes[name]![figure] ?? 0, max: Math.max(...values) };
}

function markdown(result: SoakResult, opts: SoakOptions): string[] {
  const names = Object.keys(result.samples[0]!.processes);
  const byPhase = (phase: Phase) => result.verdicts.filter((v) => v.expected === phase);
  const matched = result.verdicts.filter((v) => v.phase === v.expected).length;
  const lines = [
    `## Issue 6: soak, ${opts.deployments} deployments back to back (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`npm run bench:soak\` (SOAK_DEPLOYMENTS=${opts.deployments}, SOAK_SAMPLE_EVERY=${opts.sampleEvery}, SOAK_INSTANCES=${opts.instances}` +
      `${opts.maxOldSpaceMiB ? `, SOAK_MAX_OLD_SPACE_MIB=${opts.maxOldSpaceMiB}` : ''}). ` +
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, shared with other work.`,
    '',
    `Deployments: ${result.verdicts.length} in ${(result.durationMs / 60_000).toFixed(1)} min; ${byPhase('Succeeded').length} healthy, ` +
      `${byPhase('Failed').length} failing before the switch (half FAULT_RATE=1 in Verifying, half CRASH_ON_START=1 in Preparing), ` +
      `${byPhase('RolledBack').length} breaking after going live (rolled back); ${matched} of ${result.verdicts.length} ended as expected.`,
    '',
    'Each cell: resident memory MiB / heap used MiB / open file descriptors (children).',
    '',
    `| after | min | ${names.join(' | ')} | demo apps |`,
    `| --- | --- | ${names.map(() => '---').join(' | ')} | --- |`,
    ...result.samples.map(
      (s) =>
        `| ${s.after} | ${(s.elapsedMs / 60_000).toFixed(1)} | ${names
          .map((n) => {
            const p = s.processes[n]!;
            return `${mib(p.rssMiB)} / ${mib(p.heapMiB)} / ${p.fds} (${p.children})`;
          })
          .join(' | ')} | ${s.apps} |`,
    ),
    '',
    '| process | RSS warm-up → settled (max) | heap warm-up → settled (max) | fds warm-up → settled (max) |',
    '| --- | --- | --- | --- |',
    ...names.map((n) => {
      const r = growth(result, n, 'rssMiB');
      const h = growth(result, n, 'heapMiB');
      const f = growth(result, n, 'fds');
      return `| ${n} | ${mib(r.warm)} → ${mib(r.end)} (${mib(r.max)}) MiB | ${n === 'nats-server' ? 'n/a' : `${mib(h.warm)} → ${mib(h.end)} (${mib(h.max)}) MiB`} | ${f.warm} → ${f.end} (${f.max}) |`;
    }),
    '',
    `Demo-app processes: ${result.samples[result.samples.length - 1]!.apps} once settled (the live colors' instances: ${result.expectedApps}), ${result.appsAfterStop} after \`stop\`.`,
  ];
  return lines;
}

async function main(): Promise<void> {
  const opts: SoakOptions = {
    deployments: Number(process.env.SOAK_DEPLOYMENTS ?? 200),
    sampleEvery: Number(process.env.SOAK_SAMPLE_EVERY ?? 20),
    instances: Number(process.env.SOAK_INSTANCES ?? 2),
    maxOldSpaceMiB: process.env.SOAK_MAX_OLD_SPACE_MIB ? Number(process.env.SOAK_MAX_OLD_SPACE_MIB) : undefined,
    progress: (line) => process.stderr.write(`soak: ${line}\n`),
  };
  const result = await runSoak(opts);
  console.log(markdown(result, opts).join('\n'));
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
