// A real nats-server with JetStream for integration tests, on a free loopback port.
// restart() keeps the port and the store, so clients reconnect to the same URL and find
// their streams, consumers and unacked messages again.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { CutoverError } from '@cutover/contracts';
import { natsJetStreamReady } from '@cutover/messaging';
import { freePort } from './free-port';

export interface NatsServerHandle {
  url: string;
  port: number;
  storeDir: string;
  /** Graceful shutdown (SIGTERM), as an operator would do; restart() brings it back. */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** SIGKILL, as a crash: JetStream recovers from its store on restart(). */
  kill(): void;
}

export interface StartNatsServerOptions {
  /** Defaults to a fresh temporary directory, removed when this process exits. */
  storeDir?: string;
  /** Extra nats-server arguments, e.g. ['--user', 'u', '--pass', 'p']. */
  args?: string[];
  startTimeoutMs?: number;
}

export class NatsServerStartError extends CutoverError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('nats_server_start', `nats-server did not start: ${reason}`, options);
  }
}

// The server runs under a small shell guardian that kills it when our stdin pipe closes,
// which the kernel does however this process ends, even by SIGKILL (e.g. jest force-exiting
// a worker), where no 'exit' hook would run. sh gives background jobs /dev/null as stdin,
// hence the copy of the pipe on fd 3.
const GUARDIAN = [
  'exec 3<&0',
  '"$0" "$@" >&2 3<&- &',
  'pid=$!',
  'echo "$pid"',
  '( cat >/dev/null; kill -KILL "$pid" 2>/dev/null ) <&3 >/dev/null 2>&1 &',
  'wait "$pid"',
].join('\n');

const START_ATTEMPTS = 5;
const STOP_GRACE_MS = 10_000;
const STDERR_TAIL = 4096;

interface Running {
  serverPid: number;
  exited: Promise<void>;
  hasExited(): boolean;
}

// Same trick for a temporary store: removed once this process is gone, however it ended.
// The pause lets a server killed at the same moment stop writing into it first.
function removeWhenOwnerExits(dir: string): void {
  const janitor = spawn('/bin/sh', ['-c', 'cat >/dev/null; sleep 1; rm -rf "$0"', dir], { stdio: ['pipe', 'ignore', 'ignore'] });
  janitor.unref();
  (janitor.stdin as unknown as Socket).unref();
}

export function natsServerBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return '/usr/sbin/nats-server';
}

export async function startNatsServer(opts: StartNatsServerOptions = {}): Promise<NatsServerHandle> {
  let storeDir = opts.storeDir;
  if (!storeDir) {
    storeDir = mkdtempSync(join(tmpdir(), 'cutover-nats-'));
    removeWhenOwnerExits(storeDir);
  }
  const timeoutMs = opts.startTimeoutMs ?? 15_000;
  const extra = opts.args ?? [];
  // A free port can be taken between freePort() and the server's bind: try another one.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const running = await launch(port, storeDir, extra, timeoutMs);
      return new NatsServer(port, storeDir, extra, timeoutMs, running);
    } catch (err) {
      const portTaken = err instanceof NatsServerStartError && /address already in use/i.test(err.message);
      if (!portTaken || attempt >= START_ATTEMPTS) throw err;
    }
  }
}

class NatsServer implements NatsServerHandle {
  readonly url: string;

  constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly extra: string[],
    private readonly timeoutMs: number,
    private current: Running | null,
  ) {
    this.url = `nats://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const r = this.current;
    this.current = null;
    if (!r) return;
    signal(r, 'SIGTERM');
    const forced = setTimeout(() => signal(r, 'SIGKILL'), STOP_GRACE_MS);
    await r.exited;
    clearTimeout(forced);
  }

  async restart(): Promise<void> {
    await this.stop();
    this.current = await launch(this.port, this.storeDir, this.extra, this.timeoutMs);
  }

  kill(): void {
    if (this.current) signal(this.current, 'SIGKILL');
  }
}

function signal(r: Running, sig: NodeJS.Signals): void {
  if (r.hasExited()) return;
  try {
    process.kill(r.serverPid, sig);
  } catch {
    // already gone
  }
}

async function launch(port: number, storeDir: string, extra: string[], timeoutMs: number): Promise<Running> {
  const args = ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port), ...extra];
  const guardian = spawn('/bin/sh', ['-c', GUARDIAN, natsServerBinary(), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  guardian.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL);
  });
  let done = false;
  const exited = new Promise<void>((resolve) => {
    guardian.once('exit', () => {
      done = true;
      guardian.stdin.end();
      resolve();
    });
  });
  const running: Running = { serverPid: await firstLine(guardian.stdout), exited, hasExited: () => done };
  const deadline = Date.now() + timeoutMs;
  while (!(await natsJetStreamReady('127.0.0.1', port))) {
    if (done) throw new NatsServerStartError(`exited during startup: ${tail.trim()}`);
    if (Date.now() >= deadline) {
      signal(running, 'SIGKILL');
      await exited;
      throw new NatsServerStartError(`no JetStream-enabled INFO on port ${port} within ${timeoutMs} ms: ${tail.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Unreferenced once up: a test that forgets stop() must not keep jest alive; the guardian
  // then ends the server when this process exits.
  guardian.unref();
  for (const stream of [guardian.stdin, guardian.stdout, guardian.stderr]) (stream as unknown as Socket).unref();
  return running;
}

function firstLine(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = '';
    stream.setEncoding('utf8');
    const onData = (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      stream.off('data', onData);
      stream.resume();
      const pid = Number(buf.slice(0, nl));
      if (Number.isInteger(pid) && pid > 0) resolve(pid);
      else reject(new NatsServerStartError(`guardian printed ${JSON.stringify(buf.slice(0, nl))} instead of a pid`));
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new NatsServerStartError('guardian exited before printing the server pid')));
  });
}
