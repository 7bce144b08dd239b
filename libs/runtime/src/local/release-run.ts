import type { Color, Endpoint, EnsureEnvironment, InstanceExit } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { EnvironmentReasons, type EnvironmentReason } from '../reasons';
import { ChildInstance } from './child-instance';
import type { Instance, InstanceInfo, InstanceRecord } from './instance';
import type { PortAllocator } from './port-allocator';
import { probeReady } from './readiness';
import type { StateFolder } from './state-folder';

export const INSTANCE_HOST = '127.0.0.1';

// Probes are cheap loopback requests: poll often so readiness is seen within ~100 ms.
const PROBE_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 1000;

export interface StderrTail {
  instance: number;
  pid: number | null;
  lines: string[];
}

export interface Failure {
  reason: EnvironmentReason;
  message: string;
}

export type RunEvent =
  | { kind: 'spawned' }
  | { kind: 'ready' }
  | { kind: 'failed'; failure: Failure }
  /** failure is set when this exit is what failed the run. */
  | { kind: 'exit'; exit: InstanceExit; failure: Failure | null };

export interface RunDeps {
  now: () => Date;
  ports: PortAllocator;
  folder: StateFolder;
}

/** The statuses an adopted run goes on in. */
export type AdoptedPhase = 'starting' | 'ready' | 'failed';

type Phase = 'created' | 'starting' | 'ready' | 'failed' | 'stopping';

/** The processes of one release in one color, from spawn to the last exit. */
export class ReleaseRun {
  private phase: Phase = 'created';
  private wasReady = false;
  private instances: Instance[] = [];
  private readonly probeErrors = new Map<number, string>();
  private readonly readyInstances = new Set<number>();
  private pollTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | null = null;

  constructor(
    private readonly service: ServiceConfig,
    private readonly color: Color,
    readonly release: EnsureEnvironment,
    private readonly deps: RunDeps,
    private readonly emit: (event: RunEvent) => void,
  ) {}

  async start(): Promise<void> {
    if (this.phase !== 'created') return;
    this.phase = 'starting';
    const ports: number[] = [];
    for (let i = 0; i < this.service.instances; i++) ports.push(await this.deps.ports.allocate());
    // stop() may have come while ports were being found; nothing is running yet then.
    if (this.phase !== 'starting') {
      ports.forEach((p) => this.deps.ports.release(p));
      return;
    }
    this.instances = ports.map((port, index) => this.watch(this.spawn(index, port)));
    this.emit({ kind: 'spawned' });
    this.awaitReadiness();
  }

  /**
   * Takes over the instances a previous agent ran, in the status it last reported. One that
   * was starting gets a fresh readiness deadline: how long the agent was away is unknown.
   */
  adopt(instances: Instance[], phase: AdoptedPhase, wasReady: boolean): void {
    if (this.phase !== 'created') return;
    instances.forEach((i) => this.deps.ports.reserve(i.spec.port));
    this.instances = instances.map((i) => this.watch(i));
    this.phase = phase;
    this.wasReady = wasReady;
    if (phase === 'starting') this.awaitReadiness();
  }

  /** Endpoints of the instances still running, unless the run is being given up. */
  endpoints(): Endpoint[] {
    if (this.phase === 'stopping' || (this.phase === 'failed' && !this.wasReady)) return [];
    return this.instances.filter((i) => i.alive).map((i) => ({ host: INSTANCE_HOST, port: i.spec.port }));
  }

  /** What the state folder keeps of the instances still running. */
  records(): InstanceRecord[] {
    return this.instances.flatMap((i) => i.record() ?? []);
  }

  processes(): InstanceInfo[] {
    return this.instances.map((i) => i.info());
  }

  stderrTails(): StderrTail[] {
    return this.instances.map((i) => ({ instance: i.spec.index, pid: i.pid, lines: i.stderrTail() }));
  }

  /** Idempotent; resolves once every process of the run is gone. */
  stop(): Promise<void> {
    if (!this.stopped) {
      this.phase = 'stopping';
      this.clearTimers();
      const grace = this.service.stopGracePeriodMs;
      this.stopped = Promise.all(this.instances.map((i) => i.stop(grace))).then(() => undefined);
    }
    return this.stopped;
  }

  private awaitReadiness(): void {
    this.deadlineTimer = setTimeout(() => this.fail(this.readinessTimeout()), this.service.policy.readinessTimeoutMs);
    this.schedulePoll(0);
  }

  private spawn(index: number, port: number): ChildInstance {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.service.env,
      ...this.release.env,
      PORT: String(port),
      VERSION: this.release.version,
      COLOR: this.color,
      CUTOVER_SERVICE: this.service.name,
    };
    const stderrPath = this.deps.folder.path(this.deps.folder.stderrFile(this.service.name, this.color, index));
    return new ChildInstance({ index, port, argv: this.service.command, cwd: this.service.cwd, env, stderrPath }, this.deps.now);
  }

  private watch(instance: Instance): Instance {
    void instance.exited.then((exit) => this.onExit(instance, exit));
    return instance;
  }

  private onExit(instance: Instance, exit: InstanceExit): void {
    this.deps.ports.release(instance.spec.port);
    const failure = exit.expected || this.phase === 'failed' || this.phase === 'stopping' ? null : this.exitFailure(instance, exit);
    this.emit({ kind: 'exit', exit, failure });
    if (!failure) return;
    // Before ready nobody uses the others; after ready they may be serving live traffic.
    if (this.phase === 'starting') this.fail(failure);
    else this.markFailed(failure);
  }

  private exitFailure(instance: Instance, exit: InstanceExit): Failure {
    const who = `instance ${instance.spec.index} (pid ${exit.pid ?? 'none'}, port ${instance.spec.port})`;
    const last = instance.stderrTail().at(-1);
    const tail = last ? `; last stderr line: ${last}` : '; no stderr output';
    if (instance.spawnError) {
      return {
        reason: EnvironmentReasons.SpawnFailed,
        message: `${who} could not start ${JSON.stringify(this.service.command.join(' '))}: ${instance.spawnError.message}`,
      };
    }
    const how = exit.signal
      ? `was killed by ${exit.signal}`
      : exit.code !== null
        ? `exited with code ${exit.code}`
        : 'exited (exit status unknown: it was adopted from a previous runtime agent, only a parent can read it)';
    const when = this.phase === 'starting' ? 'before it was ready' : 'unexpectedly';
    return { reason: EnvironmentReasons.ProcessExited, message: `${who} ${how} ${when}${tail}` };
  }

  private readinessTimeout(): Failure {
    const waiting = this.instances
      .filter((i) => !this.readyInstances.has(i.spec.index))
      .map((i) => `instance ${i.spec.index} (port ${i.spec.port}): ${this.probeErrors.get(i.spec.index) ?? 'not probed yet'}`);
    return {
      reason: EnvironmentReasons.ReadinessTimeout,
      message: `not ready within ${this.service.policy.readinessTimeoutMs} ms: GET ${this.service.readinessPath} never answered 2xx on ${waiting.join('; ')}`,
    };
  }

  /** Fails the run before it was ever ready: its processes are of no use, stop them. */
  private fail(failure: Failure): void {
    if (this.phase !== 'starting') return;
    this.markFailed(failure);
    const grace = this.service.stopGracePeriodMs;
    for (const i of this.instances) void i.stop(grace);
  }

  private markFailed(failure: Failure): void {
    this.phase = 'failed';
    this.clearTimers();
    this.emit({ kind: 'failed', failure });
  }

  private schedulePoll(delayMs: number): void {
    this.pollTimer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    const pending = this.instances.filter((i) => !this.readyInstances.has(i.spec.index));
    await Promise.all(
      pending.map(async (i) => {
        const outcome = await probeReady(INSTANCE_HOST, i.spec.port, this.service.readinessPath, PROBE_TIMEOUT_MS);
        if (outcome.ok) this.readyInstances.add(i.spec.index);
        else this.probeErrors.set(i.spec.index, outcome.detail);
      }),
    );
    if (this.phase !== 'starting') return;
    if (this.readyInstances.size < this.instances.length) return this.schedulePoll(PROBE_INTERVAL_MS);
    this.phase = 'ready';
    this.wasReady = true;
    this.clearTimers();
    this.emit({ kind: 'ready' });
  }

  private clearTimers(): void {
    clearTimeout(this.pollTimer);
    clearTimeout(this.deadlineTimer);
  }
}
