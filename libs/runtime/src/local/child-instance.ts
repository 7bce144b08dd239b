import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { basename } from 'node:path';
import type { InstanceExit } from '@cutover/contracts';
import type { Instance, InstanceInfo, InstanceRecord } from './instance';
import { LineTail } from './line-tail';
import { processStartTime } from './process-identity';
import { signalGroup, trackGroup, untrackGroup } from './process-groups';
import { openStderrFile, StderrFollower } from './stderr-file';

export const STDERR_TAIL_LINES = 50;
// Keeps an environment state with a few exits well inside one NATS message.
export const STDERR_LINE_MAX = 500;

export interface InstanceSpec {
  index: number;
  port: number;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where its stderr goes; emptied at spawn, deleted once it is gone. */
  stderrPath: string;
}

/** One child process of an environment, in its own process group. */
export class ChildInstance implements Instance {
  private readonly stderr = new LineTail(STDERR_TAIL_LINES, STDERR_LINE_MAX);
  readonly exited: Promise<InstanceExit>;
  spawnError: Error | null = null;
  private readonly child: ChildProcess;
  private readonly startedAt: Date;
  private readonly startTime: string | null;
  private readonly follower: StderrFollower;
  private stopRequested = false;
  private exit: InstanceExit | null = null;
  private forceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly spec: InstanceSpec,
    private readonly now: () => Date,
  ) {
    this.startedAt = now();
    const [command, ...args] = spec.argv;
    const stderrFd = openStderrFile(spec.stderrPath);
    try {
      this.child = spawn(command!, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'ignore', stderrFd] });
    } finally {
      closeSync(stderrFd);
    }
    this.startTime = this.child.pid !== undefined ? processStartTime(this.child.pid) : null;
    if (this.child.pid !== undefined) trackGroup(this.child.pid);
    this.follower = new StderrFollower(spec.stderrPath, this.stderr, 'start');
    this.exited = new Promise((resolve) => {
      // Kept for the child's lifetime: an 'error' without a listener would crash the host.
      this.child.on('error', (err) => {
        if (this.child.pid !== undefined || this.spawnError) return;
        this.spawnError = err;
        this.follower.finish();
        this.stderr.push(`${err.message}\n`);
        resolve(this.recordExit(null, null, this.stopRequested));
      });
      this.child.once('exit', (code, signal) => {
        const expected = this.stopRequested;
        clearTimeout(this.forceTimer);
        const pid = this.child.pid;
        if (pid === undefined) return;
        // Whatever the instance forked dies with it.
        signalGroup(pid, 'SIGKILL');
        untrackGroup(pid);
        this.follower.finish();
        resolve(this.recordExit(code, signal, expected));
      });
    });
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  get alive(): boolean {
    return this.exit === null && this.child.exitCode === null && this.child.signalCode === null && this.spawnError === null;
  }

  stderrTail(): string[] {
    this.follower.catchUp();
    return this.stderr.snapshot();
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

  record(): InstanceRecord | null {
    const pid = this.child.pid;
    if (!this.alive || pid === undefined) return null;
    return {
      index: this.spec.index,
      pid,
      port: this.spec.port,
      startedAt: this.startedAt.toISOString(),
      startTime: this.startTime,
      stderrFile: basename(this.spec.stderrPath),
    };
  }

  stop(graceMs: number): Promise<InstanceExit> {
    this.stopRequested = true;
    const pid = this.child.pid;
    if (this.alive && pid !== undefined && !this.forceTimer) {
      signalGroup(pid, 'SIGTERM');
      this.forceTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    }
    return this.exited;
  }

  private recordExit(code: number | null, signal: NodeJS.Signals | null, expected: boolean): InstanceExit {
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
