// One process of the stack: its own process group (so stopping it reaches whatever it
// forked), output appended to a log file, stopped with SIGTERM then SIGKILL after a grace
// period. Groups still alive are killed when the CLI exits, whatever the reason.
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Watchdog } from './watchdog';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pgid of liveGroups) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already
  }
}

export class ManagedChild {
  readonly pid: number;
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | null = null;
  private stopping = false;
  private readonly logOffset: number;

  constructor(
    readonly spec: ChildSpec,
    watchdog: Watchdog,
  ) {
    const fd = openSync(spec.logFile, 'a');
    this.logOffset = fstatSync(fd).size;
    const proc = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.exited = new Promise((resolve) => {
      const settle = (exit: ChildExit) => {
        if (this.exit) return;
        this.exit = exit;
        liveGroups.delete(this.pid);
        watchdog.forget(this.pid);
        resolve(exit);
      };
      proc.once('close', (code, signal) => settle({ code, signal }));
      // Spawning itself failed (e.g. the binary is missing): no 'close' is guaranteed.
      proc.once('error', () => proc.pid === undefined && settle({ code: 127, signal: null }));
    });
    this.pid = proc.pid ?? -1;
    if (this.pid > 0) {
      liveGroups.add(this.pid);
      watchdog.watch(this.pid);
    }
  }

  get name(): string {
    return this.spec.name;
  }

  hasExited(): boolean {
    return this.exit !== null;
  }

  /** True when stop() was asked for: an exit after that is expected. */
  isStopping(): boolean {
    return this.stopping;
  }

  async stop(graceMs: number): Promise<ChildExit> {
    this.stopping = true;
    if (this.exit) return this.exit;
    signalGroup(this.pid, 'SIGTERM');
    const forced = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(forced);
    // Whatever the process forked and left behind goes with it.
    signalGroup(this.pid, 'SIGKILL');
    return exit;
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exit) signalGroup(this.pid, signal);
  }

  /** The last lines this run wrote to its log. */
  logTail(maxLines = 20): string[] {
    let text: string;
    try {
      text = readFileSync(this.spec.logFile).subarray(this.logOffset).toString('utf8');
    } catch {
      return [];
    }
    return text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(-maxLines);
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
