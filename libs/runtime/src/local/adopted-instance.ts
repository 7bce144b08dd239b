import type { InstanceExit } from '@cutover/contracts';
import type { Instance, InstanceInfo, InstanceRecord } from './instance';
import { LineTail } from './line-tail';
import { STDERR_LINE_MAX, STDERR_TAIL_LINES } from './child-instance';
import { isSameProcess } from './process-identity';
import { signalGroup, trackGroup, untrackGroup } from './process-groups';
import { StderrFollower } from './stderr-file';

// Not our child: no exit event comes, so its liveness is polled.
const LIVENESS_POLL_MS = 200;

/**
 * An instance a previous agent spawned, taken over after checking it is still the very
 * process recorded. Its exit status is unknown (only a parent can read it): the exit is
 * recorded with code and signal null.
 */
export class AdoptedInstance implements Instance {
  private readonly stderr = new LineTail(STDERR_TAIL_LINES, STDERR_LINE_MAX);
  readonly exited: Promise<InstanceExit>;
  readonly spawnError = null;
  readonly spec: { index: number; port: number };
  private readonly follower: StderrFollower;
  private readonly poll: NodeJS.Timeout;
  private stopRequested = false;
  private exit: InstanceExit | null = null;
  private forceTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly recorded: InstanceRecord,
    stderrPath: string,
    private readonly now: () => Date,
  ) {
    this.spec = { index: recorded.index, port: recorded.port };
    trackGroup(recorded.pid);
    this.follower = new StderrFollower(stderrPath, this.stderr, 'backlog');
    let resolveExit!: (exit: InstanceExit) => void;
    this.exited = new Promise((resolve) => (resolveExit = resolve));
    this.poll = setInterval(() => {
      if (isSameProcess(recorded.pid, recorded.startTime)) return;
      clearInterval(this.poll);
      clearTimeout(this.forceTimer);
      // Whatever the instance forked dies with it.
      signalGroup(recorded.pid, 'SIGKILL');
      untrackGroup(recorded.pid);
      this.follower.finish();
      resolveExit(this.recordExit());
    }, LIVENESS_POLL_MS);
  }

  get pid(): number {
    return this.recorded.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  stderrTail(): string[] {
    this.follower.catchUp();
    return this.stderr.snapshot();
  }

  info(): InstanceInfo {
    return { instance: this.spec.index, pid: this.pid, port: this.spec.port, startedAt: this.recorded.startedAt, alive: this.alive };
  }

  record(): InstanceRecord | null {
    return this.alive ? this.recorded : null;
  }

  stop(graceMs: number): Promise<InstanceExit> {
    this.stopRequested = true;
    if (this.alive && !this.forceTimer) {
      signalGroup(this.pid, 'SIGTERM');
      this.forceTimer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs);
    }
    return this.exited;
  }

  private recordExit(): InstanceExit {
    this.exit = {
      instance: this.spec.index,
      pid: this.pid,
      at: this.now().toISOString(),
      code: null,
      signal: null,
      expected: this.stopRequested,
      stderrTail: this.stderr.snapshot(),
    };
    return this.exit;
  }
}

/** SIGKILLs the group of every recorded instance that is still that very process; a recycled pid is left alone. */
export function killLeftovers(records: InstanceRecord[]): void {
  for (const r of records) if (isSameProcess(r.pid, r.startTime)) signalGroup(r.pid, 'SIGKILL');
}
