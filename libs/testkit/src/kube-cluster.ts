// A throwaway control plane (deploy/testenv/k8s.sh) in a temporary folder, for one test file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Same depth from src/ and dist/.
const K8S_SH = resolve(__dirname, '../../../deploy/testenv/k8s.sh');
// A cold build of the binaries takes many minutes; a cached start well under one.
const UP_TIMEOUT_MS = 1_800_000;

export interface TestCluster {
  kubeconfig: string;
  kubectl(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestCluster(nodes = 2): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-k8s-'));
  const run = promisify(execFile);
  await run('bash', [K8S_SH, 'up', '--dir', dir, '--nodes', String(nodes)], { timeout: UP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  return {
    kubeconfig: join(dir, 'kubeconfig'),
    kubectl: async (...args) => (await run('bash', [K8S_SH, 'kubectl', '--dir', dir, ...args])).stdout,
    stop: async () => {
      await run('bash', [K8S_SH, 'down', '--dir', dir], { timeout: 60_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
