// Issue 3's benchmark, against a real control plane (deploy/testenv, pods simulated by kwok):
// time from a switch request to the live Service's EndpointSlices listing only the new
// color's ready pods, in label and namespace mode; and time from a live release's pods
// turning unready to the Service back on the previous color, through a whole Cutover stack.
// Prints a Markdown section for bench/RESULTS.md.
//   npm run bench:kubernetes
//   BENCH_SWITCHES (20), BENCH_ROLLBACK_RUNS (5), BENCH_ROLLBACK_MODES (label,namespace),
//   BENCH_KEEP=1 keeps the configs and Cutover's logs (in a folder it names) after a good run too
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubernetesMode } from '@cutover/config';
import { startTestCluster, type TestCluster } from '@cutover/testkit';
import { POLICY, REPLICAS, writeBenchConfig } from './k8s/bench-config';
import { serverVersion } from './k8s/cluster-reads';
import { benchRollbacks, type RollbackTimings } from './k8s/rollback-bench';
import { formatSummary, summarize } from './k8s/stats';
import { benchSwitches, type SwitchTimings } from './k8s/switch-bench';

const SWITCHES = Number(process.env.BENCH_SWITCHES ?? 20);
const ROLLBACK_RUNS = Number(process.env.BENCH_ROLLBACK_RUNS ?? 5);
const MODES: KubernetesMode[] = ['label', 'namespace'];
const ROLLBACK_MODES = (process.env.BENCH_ROLLBACK_MODES ?? MODES.join(','))
  .split(',')
  .map((m) => m.trim())
  .filter((m): m is KubernetesMode => (MODES as string[]).includes(m));
const NODES = 2;

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-k8s-'));
  progress(`bench: starting a control plane with ${NODES} kwok nodes`);
  let cluster: TestCluster | null = null;
  // Ctrl-C must not leave the control plane running.
  const interrupted = new Promise<never>((_, reject) => {
    const stop = (signal: NodeJS.Signals) => reject(new Error(`interrupted by ${signal}`));
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  try {
    cluster = await Promise.race([startTestCluster(NODES), interrupted]);
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const version = await serverVersion(kc);

    const switches = new Map<KubernetesMode, SwitchTimings>();
    for (const mode of MODES) {
      progress(`bench: ${SWITCHES} switches, ${mode} mode`);
      const config = await writeBenchConfig(dir, cluster.kubeconfig, mode, `sw-${mode.slice(0, 3)}-`);
      switches.set(mode, await Promise.race([benchSwitches(config, SWITCHES, progress), interrupted]));
    }
    const rollbacks = new Map<KubernetesMode, RollbackTimings>();
    for (const mode of ROLLBACK_MODES) {
      progress(`bench: ${ROLLBACK_RUNS} releases turning unready while monitored, ${mode} mode`);
      const config = await writeBenchConfig(dir, cluster.kubeconfig, mode, `rb-${mode.slice(0, 3)}-`);
      rollbacks.set(mode, await Promise.race([benchRollbacks(config, join(dir, `stack-${mode}`), ROLLBACK_RUNS, progress), interrupted]));
    }
    console.log(report(version, switches, rollbacks).join('\n'));
    if (process.env.BENCH_KEEP) progress(`bench: configs and Cutover's logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  } catch (err) {
    progress(`bench: configs and Cutover's logs kept in ${dir}`);
    throw err;
  } finally {
    progress('bench: stopping the control plane');
    await cluster?.stop();
  }
}

function report(version: string, switches: Map<KubernetesMode, SwitchTimings>, rollbacks: Map<KubernetesMode, RollbackTimings>): string[] {
  const lines = [
    `## Issue 3: Kubernetes runtime and routers (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Command: \`npm run bench:kubernetes\`. Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
      `Kubernetes ${version} (deploy/testenv: real etcd, kube-apiserver, controller-manager and scheduler; kwok nodes and pods), ${REPLICAS} replicas per color.`,
    '',
    '| figure | median / p95 / max | target |',
    '| --- | --- | --- |',
  ];
  for (const [mode, t] of switches) {
    lines.push(`| ${mode} mode: switch request → EndpointSlices list only the new color (watch, ${t.observedMs.length} switches) | ${formatSummary(summarize(t.observedMs))} | ≤ 1,000 ms p95 |`);
    lines.push(`| ${mode} mode: router's switchTo, confirmation included (${t.switchToMs.length} switches) | ${formatSummary(summarize(t.switchToMs))} | |`);
  }
  for (const [mode, t] of rollbacks) {
    lines.push(`| ${mode} mode: pods labelled unready → EndpointSlices list only the previous color (watch, ${t.observedMs.length} runs) | ${formatSummary(summarize(t.observedMs))} | |`);
    lines.push(`| ${mode} mode: first fault → rolled back, deployment record (${t.recordMs.length} runs) | ${formatSummary(summarize(t.recordMs))} | |`);
  }
  lines.push(
    '',
    'How to read it:',
    '- The switches alternate between two warm colors, each already Ready, with the router of the',
    '  mode at its defaults (as the switcher runs it). The clock starts at the switchTo call; the',
    '  "watch" figure stops when an EndpointSlice watch of the benchmark\'s own (list, then watch',
    '  from its resourceVersion) first shows exactly the new color\'s ready pods and nothing else.',
    '  Label mode waits on the EndpointSlice controller to follow the flipped selector; namespace',
    '  mode writes the slice itself.',
    '- The unready figures run `cutover up`\'s whole stack on the Kubernetes runtime: 1.0.0, 2.0.0,',
    `  then releases whose pods get the label \`cutover.dev/unready=true\` (kwok turns them unready at`,
    `  once) as soon as they are in Monitoring (policy: the default with monitorWindowMs ${POLICY.monitorWindowMs}).`,
    '  The clock starts at the label request and stops when the watch shows only the previous',
    '  color\'s ready pods. The deployment record\'s figure is rolledBackAt − firstFaultAt: from',
    '  Cutover first seeing the fault. The runtime watches its pods, so it reads a color as soon as',
    '  one of its pods changes; without an event it reads a Ready color every 2 s, which bounds',
    '  the worst case.',
  );
  return lines;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
