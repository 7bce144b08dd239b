// Drives deploy/testenv/k8s.sh from a test and reads the cluster it starts.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import * as k8s from '@kubernetes/client-node';

const run = promisify(execFile);
const script = join(__dirname, 'k8s.sh');
const components = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'];

/** Runs a k8s.sh subcommand; its progress lines (stderr) are returned for failure messages. */
export async function testenv(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return run(script, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
}

/** Starts a cluster in dir and returns the admin kubeconfig path that `up` printed. */
export async function startCluster(dir: string): Promise<string> {
  const { stdout } = await testenv(['up', '--dir', dir], 180_000);
  const match = /^export KUBECONFIG=(.+)$/m.exec(stdout);
  if (!match) throw new Error(`k8s.sh up printed no KUBECONFIG: ${stdout}`);
  return match[1];
}

/**
 * Control-plane processes (by binary name) whose command line names dir. A zombie has no
 * readable exe link and so does not count: it no longer runs.
 */
export function clusterProcesses(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const exe = basename(readlinkSync(`/proc/${pid}/exe`));
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (components.includes(exe) && cmdline.includes(`${dir}/`)) found.push(exe);
    } catch {
      // The process exited while the table was read, or is not ours to inspect.
    }
  }
  return found.sort();
}

export function deployment(
  name: string,
  replicas: number,
  podMeta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...podMeta.labels }, annotations: podMeta.annotations },
        spec: { containers: [{ name: 'app', image: `registry.invalid/${name}:1.0.0`, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

export function service(name: string): k8s.V1Service {
  return { metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } };
}

export function readyCondition(pod: k8s.V1Pod): string | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}

/** Addresses the Service's EndpointSlices list as ready, sorted. */
export async function readyEndpoints(discovery: k8s.DiscoveryV1Api, namespace: string, svc: string): Promise<string[]> {
  const slices = await discovery.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${svc}` });
  return slices.items
    .flatMap((slice) => slice.endpoints)
    .filter((endpoint) => endpoint.conditions?.ready === true)
    .flatMap((endpoint) => endpoint.addresses)
    .sort();
}
