// A whole Cutover stack with the Kubernetes runtime (`cutover up` with runtime kubernetes
// in cutover.yaml) against a test control plane, and reads of what it did to the cluster.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { freePort, startNatsServer, waitFor, type TestCluster } from '@cutover/testkit';
import { CLI, type CliResult } from './cutover';

export type KubeMode = 'label' | 'namespace';

export interface KubeStackOptions {
  cluster: TestCluster;
  mode: KubeMode;
  /** Namespace prefix, so stacks of both modes can share one cluster. */
  namespacePrefix: string;
  service: string;
  replicas: number;
  policy: Record<string, unknown>;
}

export interface KubeStack {
  apiUrl: string;
  dataDir: string;
  cli(args: string[], opts?: { timeoutMs?: number }): Promise<CliResult>;
  stop(): Promise<void>;
}

export async function startKubeStack(opts: KubeStackOptions): Promise<KubeStack> {
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-k8s-e2e-'));
  const ports = {
    orchestrator: await freePort(),
    healthMonitor: await freePort(),
    switcher: await freePort(),
    rollback: await freePort(),
    runtimeAgent: await freePort(),
  };
  const configPath = join(dataDir, 'cutover.yaml');
  writeFileSync(
    configPath,
    YAML.stringify({
      version: 1,
      nats: { url: nats.url },
      runtime: { kind: 'kubernetes', kubeconfig: opts.cluster.kubeconfig, mode: opts.mode, namespacePrefix: opts.namespacePrefix },
      ports,
      services: {
        [opts.service]: {
          image: `registry.example/${opts.service}:1`,
          router: { port: await freePort() },
          kubernetes: { replicas: opts.replicas, podLabelsFromEnv: { 'cutover.dev/fault': 'SIMULATED_FAULT' } },
          policy: opts.policy,
        },
      },
    }),
  );

  const up = spawn(process.execPath, [CLI, 'up', '--config', configPath, '--nats', nats.url, '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let upOut = '';
  up.stdout.on('data', (c: Buffer) => (upOut += c.toString()));
  up.stderr.on('data', (c: Buffer) => (upOut += c.toString()));
  const upExited = new Promise<void>((r) => up.on('exit', () => r()));
  const stop = async () => {
    if (up.exitCode === null && up.signalCode === null) {
      up.kill('SIGTERM');
      await upExited;
    }
    await nats.stop();
  };
  try {
    await waitFor(() => /Cutover is up/.test(upOut) || up.exitCode !== null, { timeoutMs: 90_000, what: 'cutover up' });
    if (up.exitCode !== null) throw new Error(`exited ${up.exitCode}`);
  } catch (e) {
    await stop();
    throw new Error(`cutover up did not come up: ${(e as Error).message}\n${upOut}`);
  }

  return {
    apiUrl: `http://127.0.0.1:${ports.orchestrator}`,
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
