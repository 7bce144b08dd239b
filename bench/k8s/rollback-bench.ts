// A whole Cutover stack on the Kubernetes runtime (what `cutover up` starts): 1.0.0, then
// 2.0.0, then bad releases whose pods are made unready while Cutover monitors them. Timed
// from the label request to an independent watch seeing the live Service's EndpointSlices
// list only the previous color's ready pods.
import { KubeConfig } from '@kubernetes/client-node';
import type { DeploymentRecord } from '@cutover/contracts';
import { kubernetesNames, loadConfig } from '@cutover/config';
import { releaseAndFollow, startStack, Timeline } from '@cutover/cli';
import { colorPods, labelPods, readyPods } from './cluster-reads';
import { SERVICE } from './bench-config';
import { onlyPods, SliceWatch } from './slice-watch';

export interface RollbackTimings {
  /** Label request → the watch saw only the previous color's ready pods. */
  observedMs: number[];
  /** rolledBackAt − firstFaultAt of each deployment record: Cutover's own account. */
  recordMs: number[];
}

const OBSERVE_TIMEOUT_MS = 60_000;
const MONITORING_TIMEOUT_MS = 180_000;
const UNREADY = { 'cutover.dev/unready': 'true' };

export async function benchRollbacks(configPath: string, dataDir: string, runs: number, progress: (line: string) => void): Promise<RollbackTimings> {
  const config = loadConfig(configPath);
  if (config.runtime.kind !== 'kubernetes') throw new Error(`${configPath} does not use the kubernetes runtime`);
  const kc = new KubeConfig();
  kc.loadFromFile(config.runtime.kubeconfig!);
  const names = kubernetesNames(config.runtime);
  const api = `http://127.0.0.1:${config.ports.orchestrator}`;
  const quiet = new Timeline(() => undefined);
  const release = async (version: string, expected: DeploymentRecord['phase']) => {
    const record = await releaseAndFollow(api, { service: SERVICE, version }, quiet);
    if (record.phase !== expected) throw new Error(`${SERVICE} ${version}: expected ${expected}, got ${record.phase}: ${record.message}`);
    return record;
  };

  const stack = await startStack({ configPath, dataDir });
  let watch: SliceWatch | null = null;
  try {
    progress('  release 1.0.0 and 2.0.0');
    await release('1.0.0', 'Succeeded');
    await release('2.0.0', 'Succeeded');
    watch = await SliceWatch.start(kc, names.serviceNamespace(SERVICE), names.liveService(SERVICE));

    const timings: RollbackTimings = { observedMs: [], recordMs: [] };
    for (let i = 0; i < runs; i++) {
      const version = `3.0.${i}`;
      const outcome = release(version, 'RolledBack');
      let ended = false;
      void outcome.catch(() => undefined).finally(() => (ended = true));
      const live = await untilMonitoring(api, version, () => ended);
      if (!live) throw new Error(`${SERVICE} ${version} ended before Monitoring: ${(await outcome).phase}`);
      const { toColor, fromColor } = live;
      if (!fromColor) throw new Error(`${SERVICE} ${version} has no previous color to go back to`);
      const previous = await readyPods(kc, names, SERVICE, fromColor);
      const { namespace, pods } = await colorPods(kc, names, SERVICE, toColor);
      const started = performance.now();
      const observed = watch.until(onlyPods(previous), OBSERVE_TIMEOUT_MS, `only ${fromColor}'s ready pods (${previous.join(', ')})`);
      await labelPods(kc, namespace, pods.map((p) => p.metadata!.name!), UNREADY);
      const seen = await observed;
      const record = await outcome;
      timings.observedMs.push(seen - started);
      if (record.firstFaultAt && record.rolledBackAt) timings.recordMs.push(Date.parse(record.rolledBackAt) - Date.parse(record.firstFaultAt));
      progress(`  run ${i + 1}: ${version} on ${toColor} unready → back on ${fromColor} in ${Math.round(seen - started)} ms (record: ${timings.recordMs.at(-1) ?? 'n/a'} ms)`);
    }
    return timings;
  } finally {
    watch?.close();
    await stack.stop();
  }
}

/** The release once it is in Monitoring; null if it ended first (a failed release is not waited out). */
async function untilMonitoring(api: string, version: string, ended: () => boolean): Promise<DeploymentRecord | null> {
  const deadline = Date.now() + MONITORING_TIMEOUT_MS;
  while (!ended()) {
    const { lastDeployment } = (await (await fetch(`${api}/api/services/${SERVICE}`)).json()) as { lastDeployment: DeploymentRecord | null };
    if (lastDeployment?.version === version && lastDeployment.phase === 'Monitoring') return lastDeployment;
    if (Date.now() > deadline) throw new Error(`${SERVICE} ${version} not in Monitoring after ${MONITORING_TIMEOUT_MS} ms (last: ${lastDeployment?.version} ${lastDeployment?.phase})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}
