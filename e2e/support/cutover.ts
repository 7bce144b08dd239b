// Starts a whole Cutover stack the way a user does (`cutover up`), on free ports, against a
// real nats-server, and runs CLI commands against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { freePort, startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'packages', 'cli', 'dist', 'main.js');
export const DEMO_APP = join(ROOT, 'examples', 'demo-app', 'dist', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface ServiceSpec {
  instances?: number;
  policy?: Record<string, unknown>;
}

export interface Stack {
  nats: NatsServerHandle;
  natsUrl: string;
  configPath: string;
  dataDir: string;
  /** Public URL of each service's router. */
  publicUrl: (service: string) => string;
  apiUrl: string;
  cli(args: string[], opts?: { timeoutMs?: number }): Promise<CliResult>;
  /** Starts a CLI command without waiting for it, e.g. `release --wait` under load. */
  spawnCli(args: string[]): { done: Promise<CliResult>; child: ChildProcess };
  stop(): Promise<void>;
}

export type CutoverPorts = Record<'orchestrator' | 'healthMonitor' | 'switcher' | 'rollback' | 'runtimeAgent', number>;

/** A free port for each Cutover process, for the `ports` of a test's cutover.yaml. */
export async function cutoverPorts(): Promise<CutoverPorts> {
  return { orchestrator: await freePort(), healthMonitor: await freePort(), switcher: await freePort(), rollback: await freePort(), runtimeAgent: await freePort() };
}

/** Test policy: the defaults, with windows short enough for a test to see the end. */
export const FAST_POLICY = { monitorWindowMs: 4000, scaleDownDelayMs: 60_000 };

/** The `services` of a test's cutover.yaml: each runs the demo app behind its own router port. */
export async function demoServices(
  services: Record<string, ServiceSpec>,
  defaults: { instances: number; policy: Record<string, unknown> },
): Promise<{ routerPorts: Record<string, number>; serviceConfig: Record<string, unknown> }> {
  const routerPorts: Record<string, number> = {};
  const serviceConfig: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(services)) {
    routerPorts[name] = await freePort();
    serviceConfig[name] = {
      command: ['node', DEMO_APP],
      instances: spec.instances ?? defaults.instances,
      router: { host: '127.0.0.1', port: routerPorts[name] },
      policy: { ...defaults.policy, ...spec.policy },
    };
  }
  return { routerPorts, serviceConfig };
}

export interface StackEnv {
  /** Environment of `cutover up` and so of every Cutover process; defaults to this process's. */
  env?: NodeJS.ProcessEnv;
}

export async function startStack(services: Record<string, ServiceSpec>, opts: StackEnv = {}): Promise<Stack> {
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-e2e-'));
  const ports = await cutoverPorts();
  const { routerPorts, serviceConfig } = await demoServices(services, { instances: 2, policy: { probe: { path: '/' }, ...FAST_POLICY } });
  const configPath = join(dataDir, 'cutover.yaml');
  writeFileSync(configPath, YAML.stringify({ version: 1, nats: { url: nats.url }, runtime: { kind: 'local' }, ports, services: serviceConfig }));

  const up = spawn(process.execPath, [CLI, 'up', '--config', configPath, '--nats', nats.url, '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: opts.env ?? process.env,
  });
  let upOut = '';
  up.stdout!.on('data', (c: Buffer) => (upOut += c.toString()));
  up.stderr!.on('data', (c: Buffer) => (upOut += c.toString()));
  const upExited = new Promise<number | null>((r) => up.on('exit', (code) => r(code)));
  try {
    await waitFor(() => /Cutover is up/.test(upOut) || up.exitCode !== null, { timeoutMs: 60_000, what: 'cutover up' });
  } catch (e) {
    throw new Error(`cutover up did not come up: ${(e as Error).message}\n${upOut}`);
  }
  if (up.exitCode !== null) throw new Error(`cutover up exited ${up.exitCode}:\n${upOut}`);

  const spawnCli = (args: string[]) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [CLI, ...args, '--nats', nats.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = new Promise<CliResult>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 })));
    return { child, done };
  };

  return {
    nats,
    natsUrl: nats.url,
    configPath,
    dataDir,
    apiUrl: `http://127.0.0.1:${ports.orchestrator}`,
    publicUrl: (service) => `http://127.0.0.1:${routerPorts[service]}/`,
    spawnCli,
    cli: async (args, opts) => {
      const { child, done } = spawnCli(args);
      const timer = setTimeout(() => child.kill('SIGKILL'), opts?.timeoutMs ?? 120_000);
      const result = await done;
      clearTimeout(timer);
      return result;
    },
    stop: async () => {
      if (up.exitCode === null) {
        up.kill('SIGTERM');
        await upExited;
      }
      await nats.stop();
    },
  };
}

/** The log of one Cutover process of a stack, for failure messages. */
export function processLog(stack: Stack, name: string): string {
  const file = join(stack.dataDir, 'logs', `${name}.log`);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '(no log)';
}

export async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
