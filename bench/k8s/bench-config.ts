// One cutover.yaml per mode and part of the benchmark: the Kubernetes runtime against the
// test cluster, one service of two replicas, the default policy but for the monitoring
// window (long enough to degrade a release during it, short enough for the good releases).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { KubernetesMode } from '@cutover/config';
import { freePort } from '@cutover/testkit';

export const SERVICE = 'shop';
export const REPLICAS = 2;
export const POLICY = { monitorWindowMs: 10_000 };

export async function writeBenchConfig(dir: string, kubeconfig: string, mode: KubernetesMode, namespacePrefix: string): Promise<string> {
  const path = join(dir, `cutover.${namespacePrefix}yaml`);
  const ports = { orchestrator: await freePort(), healthMonitor: await freePort(), switcher: await freePort(), rollback: await freePort(), runtimeAgent: await freePort() };
  writeFileSync(
    path,
    YAML.stringify({
      version: 1,
      runtime: { kind: 'kubernetes', kubeconfig, mode, namespacePrefix },
      ports,
      services: {
        [SERVICE]: { image: `registry.example/${SERVICE}:1`, router: { port: await freePort() }, kubernetes: { replicas: REPLICAS }, policy: POLICY },
      },
    }),
  );
  return path;
}
