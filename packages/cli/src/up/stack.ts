// The whole of Cutover on one machine: nats-server (unless one is given), then every
// Cutover process, each waited for before the next starts; stopped in reverse order.
// `cutover up`, `cutover demo` and the e2e tests all start it through startStack().
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type CutoverConfig, type RuntimeOverrides } from '@cutover/config';
import { systemClock, type Clock } from '@cutover/core';
import { natsJetStreamReady, type NatsServerConfigOptions } from '@cutover/messaging';
import { portFree } from '@cutover/runtime';
import { StartupError, UnreachableError, UsageError } from '../errors';
import { repoRoot, serviceEntryPoint } from '../paths';
import { ManagedChild, type ChildExit } from './child';
import { COMPONENTS, type ComponentDef } from './components';
import { startNats } from './nats';
import { natsUsers, type NatsUsers } from './nats-users';
import { httpReady } from './probes';
import { waitReady } from './wait-ready';
import { Watchdog } from './watchdog';

export interface StackOptions {
  configPath: string;
  /** --runtime and --kubeconfig (relative to the working folder): win over the config file's, here and in every service. */
  runtime?: RuntimeOverrides;
  /** --environment: which environment of the config file this stack is; every service gets it. */
  environment?: string;
  /** Logs go to DATA/logs/<name>.log, the nats-server store to DATA/nats. */
  dataDir: string;
  /** Use this NATS instead of starting a nats-server. */
  natsUrl?: string | null;
  /** Per component. */
  readyTimeoutMs?: number;
  /** SIGTERM, then SIGKILL after this long. */
  stopGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Aborting it stops the start-up: startStack stops what it started and throws StartInterruptedError. */
  signal?: AbortSignal;
  /** Called as each component becomes ready, in start order, and again after a restart. */
  onReady?: (component: ComponentInfo) => void;
  /** Called when a component exits without having been asked to stop. */
  onUnexpectedExit?: (exit: UnexpectedExit) => void;
}

export interface ComponentInfo {
  name: string;
  /** http://127.0.0.1:PORT for Cutover processes, the NATS url for nats-server. */
  url: string;
  pid: number;
  logFile: string;
}

export interface UnexpectedExit {
  name: string;
  exit: ChildExit;
  logFile: string;
  /** The last lines of its log. */
  tail: string[];
}

export interface Stack {
  readonly config: CutoverConfig;
  readonly natsUrl: string;
  readonly dataDir: string;
  components(): ComponentInfo[];
  /** Signal one component (e.g. SIGKILL to simulate a crash); 'nats-server' included when started here. */
  kill(name: string, signal?: NodeJS.Signals): void;
  /** Stop one component and start it again, waiting until it is ready. */
  restart(name: string): Promise<void>;
  /** Stop everything in reverse start order; safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

interface Slot {
  name: string;
  url: string;
  spawn(): ManagedChild;
  ready(): Promise<boolean>;
  child: ManagedChild | null;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const configPath = resolve(opts.configPath);
  // A kubeconfig given on the command line is relative to where the command runs.
  const runtime = { ...opts.runtime, kubeconfig: opts.runtime?.kubeconfig && resolve(opts.runtime.kubeconfig) };
  const config = loadConfig(configPath, { environment: opts.environment, runtime });
  const dataDir = resolve(opts.dataDir);
  await checkPreconditions(config);
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const settings: Settings = {
    configPath,
    configArgs: [
      ...(opts.environment ? ['--environment', opts.environment] : []),
      ...(runtime.kind ? ['--runtime', runtime.kind] : []),
      ...(runtime.kubeconfig ? ['--kubeconfig', runtime.kubeconfig] : []),
    ],
    dataDir,
    env: opts.env ?? process.env,
    clock: opts.clock ?? systemClock,
    readyTimeoutMs: opts.readyTimeoutMs ?? 60_000,
    signal: opts.signal,
    watchdog: new Watchdog(),
  };
  // Before anything starts: a missing password variable is one clear error.
  const users = natsUsers(config, settings.env, !opts.natsUrl);
  const stopGraceMs = opts.stopGraceMs ?? 10_000;
  const slots: Slot[] = [];
  let stopping: Promise<void> | null = null;

  const watchExit = (slot: Slot, child: ManagedChild) => {
    void child.exited.then((exit) => {
      if (stopping || child.isStopping()) return;
      opts.onUnexpectedExit?.({ name: slot.name, exit, logFile: child.spec.logFile, tail: child.logTail() });
    });
  };
  const start = async (slot: Slot) => {
    const child = slot.spawn();
    slot.child = child;
    await waitReady(child, slot.ready, { timeoutMs: settings.readyTimeoutMs, clock: settings.clock, signal: settings.signal });
    watchExit(slot, child);
    opts.onReady?.(info(slot));
  };
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const slot of [...slots].reverse()) await slot.child?.stop(stopGraceMs);
      settings.watchdog.dismiss();
    })());

  try {
    let natsUrl = opts.natsUrl ?? null;
    if (natsUrl) {
      await checkReachable(natsUrl);
    } else {
      const slot = await natsSlot(config, users, settings);
      natsUrl = slot.url;
      slots.push(slot);
      watchExit(slot, slot.child!);
      opts.onReady?.(info(slot));
    }
    for (const def of COMPONENTS) {
      const slot = serviceSlot(def, config, natsUrl, users, settings);
      slots.push(slot);
      await start(slot);
    }
    return {
      config,
      natsUrl,
      dataDir,
      components: () => slots.map(info),
      kill: (name, signal = 'SIGKILL') => find(slots, name).child?.kill(signal),
      restart: async (name) => {
        const slot = find(slots, name);
        await slot.child?.stop(stopGraceMs);
        await start(slot);
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

interface Settings {
  configPath: string;
  /** --environment, --runtime, --kubeconfig for every service, as `up` was given them. */
  configArgs: string[];
  dataDir: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  readyTimeoutMs: number;
  signal: AbortSignal | undefined;
  watchdog: Watchdog;
}

const logFile = (s: Settings, name: string) => join(s.dataDir, 'logs', `${name}.log`);

/** nats-server, already started and ready: everything else needs its URL. */
async function natsSlot(config: CutoverConfig, users: NatsUsers | null, s: Settings): Promise<Slot> {
  const configured = config.nats.url ? Number(new URL(config.nats.url).port) || null : null;
  const nats = await startNats({
    dataDir: s.dataDir,
    logFile: logFile(s, 'nats-server'),
    port: configured,
    timeoutMs: s.readyTimeoutMs,
    env: s.env,
    watchdog: s.watchdog,
    clock: s.clock,
    signal: s.signal,
    security: securityOf(config, users),
  });
  const port = Number(new URL(nats.url).port);
  return {
    name: 'nats-server',
    url: nats.url,
    // A restart keeps the port and the store, so clients reconnect and find their streams.
    spawn: () => new ManagedChild(nats.child.spec, s.watchdog),
    ready: () => natsJetStreamReady(HOST, port),
    child: nats.child,
  };
}

function serviceSlot(def: ComponentDef, config: CutoverConfig, natsUrl: string, users: NatsUsers | null, s: Settings): Slot {
  const port = def.port(config);
  return {
    name: def.name,
    url: `http://${HOST}:${port}`,
    spawn: () =>
      new ManagedChild(
        {
          name: def.name,
          command: process.execPath,
          // --port explicitly: a PORT variable in the user's shell must not move every service.
          args: [serviceEntryPoint(def.name), '--config', s.configPath, '--port', String(port), ...s.configArgs],
          // Output goes to a log file: no terminal colour codes in it. The runtime-agent keeps
          // the state it adopts its instances from after a crash in DATA/runtime.
          env: { NO_COLOR: '1', ...s.env, NATS_URL: natsUrl, CUTOVER_STATE_DIR: join(s.dataDir, 'runtime'), ...users?.serviceEnv(def.name) },
          cwd: repoRoot,
          logFile: logFile(s, def.name),
        },
        s.watchdog,
      ),
    ready: () => httpReady(`http://${HOST}:${port}/readyz`),
    child: null,
  };
}

/** The users, and TLS when the config gives the server a certificate; nothing: a plain open server, as before. */
function securityOf(config: CutoverConfig, users: NatsUsers | null): NatsServerConfigOptions | undefined {
  const server = config.nats.tls?.server;
  if (!users && !server) return undefined;
  return { passwords: users?.passwords ?? {}, tls: server ? { certFile: server.cert, keyFile: server.key } : undefined };
}

function info(slot: Slot): ComponentInfo {
  return { name: slot.name, url: slot.url, pid: slot.child?.pid ?? -1, logFile: slot.child?.spec.logFile ?? '' };
}

function find(slots: Slot[], name: string): Slot {
  const slot = slots.find((s) => s.name === name);
  if (!slot) throw new RangeError(`no component "${name}" in this stack (have: ${slots.map((s) => s.name).join(', ')})`);
  return slot;
}

/** Fail before starting anything: a missing build or a taken port only gets worse later. */
async function checkPreconditions(config: CutoverConfig): Promise<void> {
  for (const def of COMPONENTS) {
    const entry = serviceEntryPoint(def.name);
    if (!existsSync(entry)) throw new StartupError(`${entry} is missing: run \`npm run build\` first`);
  }
  for (const def of COMPONENTS) {
    const port = def.port(config);
    if (!(await portFree(HOST, port))) {
      throw new StartupError(
        `port ${port} for ${def.name} is in use: is Cutover already running? Stop it, or change ports in ${config.configPath}`,
      );
    }
  }
}

async function checkReachable(natsUrl: string): Promise<void> {
  let target: URL;
  try {
    target = new URL(natsUrl.split(',')[0]!.trim());
  } catch (cause) {
    throw new UsageError(`invalid NATS url "${natsUrl}": use nats://HOST:PORT`, { cause });
  }
  const port = Number(target.port) || 4222;
  if (!(await natsJetStreamReady(target.hostname, port))) {
    throw new UnreachableError(`cannot reach Cutover at ${natsUrl}: no NATS server with JetStream answers there`);
  }
}
