// A local Cutover stack for fault tests: the real processes of `cutover up` (each one can be
// SIGKILLed and restarted on its own), a nats-server the test can restart, extra replicas of
// a service, and a connection of the test's own that releases, approves and reads the
// stores the way any client would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { startStack as startCutover, type Stack } from '@cutover/cli';
import { isTerminal, subjects, type DeploymentRecord, type EnvironmentState, type Phase, type RoutingState } from '@cutover/contracts';
import { Bus, type Stoppable } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { freePort, startNatsServer, waitFor, type NatsServerHandle } from '@cutover/testkit';
import { cutoverPorts, demoServices, DEMO_APP, ROOT, type ServiceSpec } from '../../e2e/support/cutover';

export type CutoverService = 'orchestrator' | 'health-monitor' | 'switcher' | 'rollback' | 'runtime-agent';

export type FaultServiceSpec = ServiceSpec;

/** Short windows, so a test sees every end, and a scale-down soon after it. */
export const FAULT_POLICY = { probe: { path: '/' }, monitorWindowMs: 3000, scaleDownDelayMs: 1500 };

export interface FaultStack {
  nats: NatsServerHandle;
  cutover: Stack;
  /** The test's own connection: releases, verbs, store reads. */
  bus: Bus;
  configPath: string;
  dataDir: string;
  routerUrl(service: string): string;
  /** Publishes a release; resolves with the id of the deployment it became. */
  release(service: string, version: string, env?: Record<string, string>): Promise<string>;
  approve(deploymentId: string): Promise<void>;
  /** Calls fn as soon as the deployment reaches phase (from the event, not a poll). */
  onPhase(deploymentId: string, phase: Phase, fn: () => void | Promise<void>): Promise<void>;
  /** Waits for a terminal phase and returns the record. */
  verdict(deploymentId: string, timeoutMs?: number): Promise<DeploymentRecord>;
  deployment(id: string): Promise<DeploymentRecord>;
  routing(service: string): Promise<RoutingState | null>;
  environment(service: string, color: 'blue' | 'green'): Promise<EnvironmentState | null>;
  recentDeploymentIds(service: string): Promise<string[]>;
  /** What the router answers for the service right now. */
  served(service: string): Promise<{ version: string; color: string } | null>;
  /** Starts one more process of a service against the same config and NATS. */
  replica(name: Exclude<CutoverService, 'switcher' | 'runtime-agent'>): Promise<Replica>;
  stop(): Promise<void>;
}

export interface Replica {
  name: string;
  kill(): void;
  stop(): Promise<void>;
}

export async function startFaultStack(services: Record<string, FaultServiceSpec>): Promise<FaultStack> {
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'cutover-fault-'));
  const { routerPorts, serviceConfig } = await demoServices(services, { instances: 1, policy: FAULT_POLICY });
  const configPath = join(dataDir, 'cutover.yaml');
  writeFileSync(configPath, YAML.stringify({ version: 1, nats: { url: nats.url }, runtime: { kind: 'local' }, ports: await cutoverPorts(), services: serviceConfig }));

  const cutover = await startCutover({ configPath, dataDir, natsUrl: nats.url, stopGraceMs: 5000 }).catch(async (e: unknown) => {
    await nats.stop();
    throw e;
  });
  const bus = await Bus.connect({ url: nats.url, name: 'fault-test', log: createLogger('fault-test', { level: 'error' }), connectTimeoutMs: 10_000 });
  const stores = bus.stores('deployments', 'services', 'routing', 'environments');
  const records = new Map<string, DeploymentRecord>();
  const phaseWaiters: Array<{ id: string; phase: Phase; fn: () => void | Promise<void>; done: (e?: unknown) => void }> = [];
  const followers: Stoppable[] = [];
  const requestToDeployment = new Map<string, string>();
  const requestWaiters = new Map<string, (id: string) => void>();

  followers.push(
    await bus.follow(
      'deploymentEvent',
      async (env) => {
        const record = env.data.deployment;
        records.set(record.id, record);
        if (record.requestId) {
          requestToDeployment.set(record.requestId, record.id);
          requestWaiters.get(record.requestId)?.(record.id);
        }
        for (const w of [...phaseWaiters]) {
          if (w.id !== record.id || record.phase !== w.phase) continue;
          phaseWaiters.splice(phaseWaiters.indexOf(w), 1);
          try {
            await w.fn();
            w.done();
          } catch (e) {
            w.done(e);
          }
        }
      },
      { filter: subjects.deploymentEventsAll(), deliver: 'new' },
    ),
  );

  const replicas: Replica[] = [];

  const stack: FaultStack = {
    nats,
    cutover,
    bus,
    configPath,
    dataDir,
    routerUrl: (service) => `http://127.0.0.1:${routerPorts[service]}/`,
    release: async (service, version, env) => {
      const id = randomUUID();
      const became = new Promise<string>((resolve) => {
        const known = requestToDeployment.get(id);
        if (known) return resolve(known);
        requestWaiters.set(id, resolve);
      });
      await bus.publish('release', [], { service, version, ...(env ? { env } : {}) }, { id });
      return withDeadline(became, 30_000, `release ${service} ${version} to become a deployment`);
    },
    approve: async (deploymentId) => {
      await bus.publish('approve', [], { deploymentId, by: 'fault-test' }, { id: randomUUID(), deploymentId });
    },
    onPhase: (id, phase, fn) =>
      new Promise<void>((resolve, reject) => {
        if (records.get(id)?.phase === phase) {
          Promise.resolve(fn()).then(() => resolve(), reject);
          return;
        }
        phaseWaiters.push({ id, phase, fn, done: (e) => (e ? reject(e) : resolve()) });
      }),
    verdict: async (id, timeoutMs = 60_000) => {
      let record: DeploymentRecord | null = null;
      await waitFor(
        async () => {
          record = (await stores.deployments.get(id))?.value ?? null;
          return record !== null && isTerminal(record.phase);
        },
        { timeoutMs, intervalMs: 100, what: `deployment ${id} to end (last seen: ${(records.get(id) ?? { phase: 'none' }).phase})` },
      );
      return record!;
    },
    deployment: async (id) => {
      const entry = await stores.deployments.get(id);
      if (!entry) throw new Error(`no deployment record ${id}`);
      return entry.value;
    },
    routing: async (service) => (await stores.routing.get(service))?.value ?? null,
    environment: async (service, color) => (await stores.environments.get(`${service}.${color}`))?.value ?? null,
    recentDeploymentIds: async (service) => (await stores.services.get(service))?.value.recentDeploymentIds ?? [],
    served: async (service) => {
      try {
        const res = await fetch(stack.routerUrl(service), { signal: AbortSignal.timeout(2000) });
        if (!res.ok) return null;
        const body = (await res.json()) as { version: string; color: string };
        return { version: body.version, color: body.color };
      } catch {
        return null;
      }
    },
    replica: async (name) => {
      const replica = await startReplica(name, configPath, nats.url, dataDir);
      replicas.push(replica);
      return replica;
    },
    stop: async () => {
      await Promise.all(followers.map((f) => f.stop().catch(() => undefined)));
      await bus.close().catch(() => undefined);
      await Promise.all(replicas.map((r) => r.stop()));
      await cutover.stop();
      await nats.stop();
    },
  };
  return stack;
}

async function startReplica(name: string, configPath: string, natsUrl: string, dataDir: string): Promise<Replica> {
  const port = await freePort();
  const replicaName = `${name}-replica-${port}`;
  const logFile = join(dataDir, 'logs', `${replicaName}.log`);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js'), '--config', configPath, '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', NATS_URL: natsUrl },
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`replica ${replicaName} exited ${child.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      return res?.status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 200, what: `replica ${replicaName} ready` },
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name: replicaName,
    kill: () => {
      if (alive()) process.kill(-child.pid!, 'SIGKILL');
    },
    stop: async () => {
      if (alive()) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** Pids of the demo-app processes that run one service (whichever agent started them). */
export function appProcesses(service: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.split(') ')[1]?.[0] === 'Z') continue;
      if (environ.includes(`CUTOVER_SERVICE=${service}`) && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(DEMO_APP)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}
