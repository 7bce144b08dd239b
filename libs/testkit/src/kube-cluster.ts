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
  /** Admin (system:masters) kubeconfig, certificates embedded. */
  kubeconfig: string;
  kubectl(...args: string[]): Promise<string>;
  /** Stops only kube-apiserver: etcd, the controllers and kwok keep running. */
  stopApiServer(): Promise<void>;
  /** Starts it again on the same port and certificates; resolves once /readyz answers. */
  startApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestCluster(nodes = 2): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-k8s-'));
  const run = promisify(execFile);
  await run('bash', [K8S_SH, 'up', '--dir', dir, '--nodes', String(nodes)], { timeout: UP_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
  return {
    kubeconfig: join(dir, 'kubeconfig'),
    kubectl: async (...args) => (await run('bash', [K8S_SH, 'kubectl', '--dir', dir, ...args])).stdout,
    stopApiServer: async () => {
      await run('bash', [K8S_SH, 'stop-apiserver', '--dir', dir], { timeout: 60_000 });
    },
    startApiServer: async () => {
      await run('bash', [K8S_SH, 'start-apiserver', '--dir', dir], { timeout: 120_000 });
    },
    stop: async () => {
      await run('bash', [K8S_SH, 'down', '--dir', dir], { timeout: 60_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
