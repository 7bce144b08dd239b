// A whole Cutover stack with the Kubernetes runtime (`cutover up --runtime kubernetes
// --kubeconfig FILE`) against a test control plane, and reads of what it did to the cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { freePort, portFree, startNatsServer, waitFor, type TestCluster } from '@cutover/testkit';
import { CLI, cutoverPorts, getJson, type CliResult, type CutoverPorts } from './cutover';

export type KubeMode = 'label' | 'namespace';

export interface KubeStackOptions {
  cluster: TestCluster;
  mode: KubeMode;
  /** Namespace prefix, so stacks of both modes can share one cluster. */
  namespacePrefix: string;
  service: string;
  replicas: number;
  policy: Record<string, unknown>;
  /** More services, each with its own `kubernetes` settings (e.g. a tight quota). */
  more?: Record<string, Record<string, unknown>>;
  /** The kubeconfig Cutover uses (e.g. a fault proxy's); the cluster's admin one by default. */
  kubeconfig?: string;
}

export interface KubeStack {
  apiUrl: string;
  /** HTTP ports of the Cutover processes (/healthz, /readyz, /metrics). */
  ports: CutoverPorts;
  dataDir: string;
  cli(args: string[], opts?: { timeoutMs?: number }): Promise<CliResult>;
  /** SIGKILL to `cutover up`: its watchdog SIGKILLs every Cutover process; NATS and the cluster stay. */
  kill(): Promise<void>;
  /** `cutover up` again on the same ports; with freshNats, on a new, empty nats-server. */
  start(opts?: { freshNats?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startKubeStack(opts: KubeStackOptions): Promise<KubeStack> {
  let nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-k8s-e2e-'));
  const ports = await cutoverPorts();
  const configPath = join(dataDir, 'cutover.yaml');
  const services: Record<string, unknown> = {};
  for (const [name, kubernetes] of Object.entries({ [opts.service]: { replicas: opts.replicas }, ...opts.more })) {
    services[name] = {
      image: `registry.example/${name}:1`,
      router: { port: await freePort() },
      kubernetes: { podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT' }, ...kubernetes },
      policy: opts.policy,
    };
  }
  const writeConfig = () =>
    writeFileSync(
      configPath,
      YAML.stringify({
        version: 1,
        nats: { url: nats.url },
        // kind and kubeconfig come from `up --runtime --kubeconfig`.
        runtime: { mode: opts.mode, namespacePrefix: opts.namespacePrefix },
        ports,
        services,
      }),
    );

  let up: ChildProcess | null = null;
  let upExited: Promise<void> = Promise.resolve();
  const stopUp = async (signal: NodeJS.Signals) => {
    if (up && up.exitCode === null && up.signalCode === null) up.kill(signal);
    await upExited;
    up = null;
  };
  const startUp = async () => {
    writeConfig();
    const child = spawn(process.execPath, [CLI, 'up', '--config', configPath, '--runtime', 'kubernetes', '--kubeconfig', opts.kubeconfig ?? opts.cluster.kubeconfig, '--nats', nats.url, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    up = child;
    let upOut = '';
    child.stdout!.on('data', (c: Buffer) => (upOut += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (upOut += c.toString()));
    upExited = new Promise<void>((r) => child.on('exit', () => r()));
    try {
      await waitFor(() => /Cutover is up/.test(upOut) || child.exitCode !== null, { timeoutMs: 90_000, what: 'cutover up' });
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}`);
    } catch (e) {
      await stopUp('SIGTERM');
      throw new Error(`cutover up did not come up: ${(e as Error).message}\n${upOut}`);
    }
  };
  const stop = async () => {
    await stopUp('SIGTERM');
    await nats.stop();
  };
  try {
    await startUp();
  } catch (e) {
    await nats.stop();
    throw e;
  }

  return {
    apiUrl: `http://127.0.0.1:${ports.orchestrator}`,
    ports,
    dataDir,
    cli: (args, cliOpts) =>
      new Promise<CliResult>((resolve) => {
        const t0 = Date.now();
        const child = spawn(process.execPath, [CLI, ...args, '--nats', nats.url], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), cliOpts?.timeoutMs ?? 120_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr, ms: Date.now() - t0 });
        });
      }),
    kill: async () => {
      await stopUp('SIGKILL');
      // The watchdog kills the process groups once the pipe closes; the ports tell when.
      await waitFor(async () => (await Promise.all(Object.values(ports).map((p) => portFree('127.0.0.1', p)))).every(Boolean), {
        timeoutMs: 15_000,
        what: 'every Cutover port free after SIGKILL',
      });
    },
    start: async (startOpts) => {
      if (startOpts?.freshNats) {
        await nats.stop();
        nats = await startNatsServer();
      }
      await startUp();
    },
    stop,
  };
}

interface LiveService {
  metadata: { annotations?: Record<string, string> };
  spec: { selector?: Record<string, string> };
}

interface EndpointSlice {
  endpoints?: { conditions?: { ready?: boolean }; targetRef?: { name: string; namespace?: string } }[];
}

/** What the cluster says about a service's live traffic. */
export class ClusterView {
  constructor(
    private readonly cluster: TestCluster,
    private readonly namespacePrefix: string,
    private readonly service: string,
  ) {}

  /** The namespace of the live Service (both modes). */
  get namespace(): string {
    return `${this.namespacePrefix}${this.service}`;
  }

  /** The namespace of a color's Deployment and pods. */
  colorNamespace(mode: KubeMode, color: string): string {
    return mode === 'label' ? this.namespace : `${this.namespace}-${color}`;
  }

  async liveService(): Promise<LiveService> {
    return JSON.parse(await this.cluster.kubectl('-n', this.namespace, 'get', 'service', this.service, '-o', 'json')) as LiveService;
  }

  /** The names of the pods the live Service's EndpointSlices list, ready ones only. */
  async readyEndpointPods(): Promise<string[]> {
    const out = await this.cluster.kubectl('-n', this.namespace, 'get', 'endpointslices', '-l', `kubernetes.io/service-name=${this.service}`, '-o', 'json');
    const slices = (JSON.parse(out) as { items: EndpointSlice[] }).items;
    return slices
      .flatMap((s) => s.endpoints ?? [])
      .filter((e) => e.conditions?.ready !== false)
      .map((e) => e.targetRef?.name ?? '?')
      .sort();
  }

  /** Waits until the EndpointSlices list only `color`'s pods, `count` of them. */
  async waitForEndpointsOf(color: string, count: number): Promise<string[]> {
    let pods: string[] = [];
    const ofColor = new RegExp(`^${this.service}-${color}-`);
    try {
      await waitFor(
        async () => {
          pods = await this.readyEndpointPods();
          return pods.length === count && pods.every((p) => ofColor.test(p));
        },
        { timeoutMs: 20_000, intervalMs: 250, what: `EndpointSlices of ${this.service} listing only ${count} ${color} pods` },
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}; they list: ${pods.join(', ') || 'nothing'}`);
    }
    return pods;
  }
}

/** The /readyz answers of the processes that talk to Kubernetes, for a test to compare with `KUBERNETES_READY`. */
export async function kubernetesReadiness(stack: KubeStack): Promise<unknown[]> {
  return Promise.all(
    (['switcher', 'runtimeAgent'] as const).map(async (component) => {
      const ready = await getJson(`http://127.0.0.1:${stack.ports[component]}/readyz`);
      return [component, ready.status, ready.body];
    }),
  );
}

/** Both ready, with the Kubernetes API among their checks. */
export const KUBERNETES_READY = (['switcher', 'runtimeAgent'] as const).map((component) => [
  component,
  200,
  { status: 'ready', checks: { nats: true, jetstream: true, kubernetes: true } },
]);
