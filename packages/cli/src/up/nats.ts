// The nats-server `up` runs when no NATS is given: JetStream on, store under the data dir
// (so streams and KV survive a restart of `up`), listening on loopback only.
import { accessSync, chmodSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Clock } from '@cutover/core';
import { natsJetStreamReady, natsServerConfig, type NatsServerConfigOptions } from '@cutover/messaging';
import { freePort, portFree } from '@cutover/runtime';
import { StartupError } from '../errors';
import { ManagedChild } from './child';
import { waitReady } from './wait-ready';
import type { Watchdog } from './watchdog';

const HOST = '127.0.0.1';
export const DEFAULT_NATS_PORT = 4222;

export interface NatsStartOptions {
  dataDir: string;
  logFile: string;
  /** The configured port; without one, 4222 when free, else any free port. */
  port: number | null;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  watchdog: Watchdog;
  clock: Clock;
  signal?: AbortSignal;
  /** Users and TLS: written to a config file in the data dir that only this user can read. */
  security?: NatsServerConfigOptions;
}

export interface RunningNats {
  url: string;
  child: ManagedChild;
}

export function natsServerBinary(env: NodeJS.ProcessEnv): string | null {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export async function startNats(opts: NatsStartOptions): Promise<RunningNats> {
  const binary = natsServerBinary(opts.env);
  if (!binary) throw new StartupError('nats-server is not installed (run scripts/bootstrap.sh), or pass --nats URL to use a running one');
  const port = await choosePort(opts.port);
  const storeDir = join(opts.dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const configArgs = opts.security ? ['-c', writeServerConfig(opts.dataDir, opts.security)] : [];
  const child = new ManagedChild(
    {
      name: 'nats-server',
      command: binary,
      args: ['-js', '-sd', storeDir, '-a', HOST, '-p', String(port), ...configArgs],
      env: opts.env,
      cwd: opts.dataDir,
      logFile: opts.logFile,
    },
    opts.watchdog,
  );
  try {
    await waitReady(child, () => natsJetStreamReady(HOST, port), opts);
  } catch (err) {
    await child.stop(0);
    throw err;
  }
  return { url: `nats://${HOST}:${port}`, child };
}

async function choosePort(configured: number | null): Promise<number> {
  if (configured !== null) {
    if (!(await portFree(HOST, configured))) {
      throw new StartupError(`port ${configured} (nats from the config) is in use: stop what listens there, or pass --nats URL to use it`);
    }
    return configured;
  }
  return (await portFree(HOST, DEFAULT_NATS_PORT)) ? DEFAULT_NATS_PORT : freePort(HOST);
}

function writeServerConfig(dataDir: string, security: NatsServerConfigOptions): string {
  const file = join(dataDir, 'nats-server.conf');
  const header = 'Written by `cutover up` from nats.auth and nats.tls of the config; rewritten at every start.';
  // The passwords are in it: mode 0600, also when the file existed with other modes.
  writeFileSync(file, natsServerConfig({ ...security, header }), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
