import { spawn, type ChildProcess } from 'node:child_process';
import type { InstanceExit } from '@cutover/contracts';
import { LineTail } from './line-tail';
import { signalGroup, trackGroup, untrackGroup } from './process-groups';

const STDERR_TAIL_LINES = 50;
// Keeps an environment state with a few exits well inside one NATS message.
const STDERR_LINE_MAX = 500;
// After the process is gone its last stderr bytes may still be in the pipe.
const STDERR_DRAIN_MS = 250;

export interface InstanceSpec {
  index: number;
  port: number;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface InstanceInfo {
  instance: number;
  pid: number | null;
  port: number;
  startedAt: string;
  alive: boolean;
}

/** One child process of an environment, in its own process group. */
export class ChildInstance {
  readonly stderr = new LineTail(STDERR_TAIL_LINES, STDERR_LINE_MAX);
  readonly exited: Promise<InstanceExit>;
  /** Set when the process could not be started at all (e.g. command not found). */
  spawnError: Error | null = null;
  private readonly child: ChildProcess;
  private readonly startedAt: Date;
  private stopRequested = false;
  private exit: InstanceExit | null = null;
  private forceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: InstanceSpec,
    private readonly now: () => Date,
  ) {
    this.startedAt = now();
    const [command, ...args] = spec.argv;
    this.child = spawn(command!, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (this.child.pid !== undefined) trackGroup(this.child.pid);
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => {
      // Kept for the child's lifetime: an 'error' without a listener would crash the host.
      this.child.on('error', (err) => {
        if (this.child.pid !== undefined || this.spawnError) return;
        this.spawnError = err;
        this.stderr.push(`${err.message}\n`);
        resolve(this.record(null, null, this.stopRequested));
      });
      this.child.once('exit', (code, signal) => {
        const expected = this.stopRequested;
        clearTimeout(this.forceTimer);
        const pid = this.child.pid;
        if (pid === undefined) return;
        // Whatever the instance forked dies with it.
        signalGroup(pid, 'SIGKILL');
        untrackGroup(pid);
        void this.drainStderr().then(() => resolve(this.record(code, signal, expected)));
      });
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get alive(): boolean {
    return this.exit === null && this.child.exitCode === null && this.child.signalCode === null && this.spawnError === null;
  }

  info(): InstanceInfo {
    return {
      instance: this.spec.index,
      pid: this.pid,
      port: this.spec.port,
      startedAt: this.startedAt.toISOString(),
      alive: this.alive,
    };
  }

  /** SIGTERM to the group, SIGKILL after graceMs; the exit is recorded as expected. */
  stop(graceMs: number): Promise<InstanceExit> {
    this.stopRequested = true;
    const pid = this.child.pid;
    if (this.alive && pid !== undefined && !this.forceTimer) {
      signalGroup(pid, 'SIGTERM');
      this.forceTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    }
    return this.exited;
  }

  private drainStderr(): Promise<void> {
    const stream = this.child.stderr!;
    if (stream.readableEnded || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, STDERR_DRAIN_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      stream.once('end', done);
      stream.once('close', done);
    });
  }

  private record(code: number | null, signal: NodeJS.Signals | null, expected: boolean): InstanceExit {
    const pid = this.child.pid;
    this.exit = {
      instance: this.spec.index,
      ...(pid !== undefined ? { pid } : {}),
      at: this.now().toISOString(),
      code,
      signal,
      expected,
      stderrTail: this.stderr.snapshot(),
    };
    return this.exit;
  }
}
