import type { Color, EnsureEnvironment, EnvironmentState, InstanceExit } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { specHash } from '@cutover/core';
import type { Logger } from '@cutover/observability';
import { EnvironmentReasons } from '../reasons';
import { AdoptedInstance, killLeftovers } from './adopted-instance';
import type { InstanceInfo, InstanceRecord } from './instance';
import { isSameProcess } from './process-identity';
import { ReleaseRun, type AdoptedPhase, type RunDeps, type RunEvent, type StderrTail } from './release-run';
import type { EnvironmentRecord } from './state-folder';
import { fitTails } from './tail-budget';

const MAX_EXITS = 50;
// Budgets in characters that keep a state (KV entry) and a diagnostics reply well inside
// NATS's default 1 MiB payload, even when 64 instances crash at once.
const STATE_STDERR_BUDGET = 128 * 1024;
const DIAGNOSTICS_STDERR_BUDGET = 256 * 1024;
// A retried ensure of the release already here changes nothing, even after a failure:
// the caller reads the failure instead of getting a silent restart. A release lost while
// no agent ran (no run here) is started again.
const KEEPS_RELEASE: ReadonlySet<EnvironmentState['status']> = new Set(['starting', 'ready', 'failed']);

/** RuntimeDiagnostics.details of the local runtime. */
export type LocalDiagnosticsDetails = {
  runtime: 'local';
  command: string[];
  cwd: string;
  processes: InstanceInfo[];
  exits: InstanceExit[];
  stderrTail: StderrTail[];
};

type StatePatch = Partial<Omit<EnvironmentState, 'service' | 'color' | 'updatedAt'>>;

/** One color of one service: which release runs there and what its processes do. */
export class EnvironmentSlot {
  private current: EnvironmentState | null = null;
  private run: ReleaseRun | null = null;
  /** Replaced runs still stopping, with the promise of their end. */
  private readonly retiring = new Map<ReleaseRun, Promise<void>>();

  constructor(
    private readonly service: ServiceConfig,
    private readonly color: Color,
    private readonly deps: RunDeps,
    private readonly log: Logger,
    private readonly onChange: (state: EnvironmentState) => void,
  ) {}

  get state(): EnvironmentState | null {
    return this.current;
  }

  ensure(req: EnsureEnvironment): EnvironmentState {
    const hash = specHash(req);
    if (this.run && this.current?.specHash === hash && KEEPS_RELEASE.has(this.current.status)) return this.current;

    const previous = this.run;
    const run = new ReleaseRun(this.service, this.color, req, this.deps, (event) => this.onRunEvent(run, event));
    this.run = run;
    const retired = this.retire(previous);
    const replacing = previous && this.current?.version ? ` (replacing ${this.current.version})` : '';
    const state = this.set({
      version: req.version,
      specHash: hash,
      status: 'starting',
      reason: replacing ? EnvironmentReasons.Replacing : EnvironmentReasons.Starting,
      message: `starting ${this.service.instances} instance(s) of ${req.version}${replacing}`,
      endpoints: [],
      exits: [],
    });
    // The old processes free their ports and resources before the new ones start.
    retired
      .then(() => run.start())
      .catch((err: unknown) => this.onRunEvent(run, { kind: 'failed', failure: startFailure(err) }));
    return state;
  }

  async scaleDown(reason: string, finalReason: string = EnvironmentReasons.ScaledDown): Promise<EnvironmentState> {
    const run = this.run;
    if (this.current?.status === 'stopped') return this.current;
    if (run) {
      this.set({ status: 'stopping', reason: EnvironmentReasons.Stopping, message: `stopping: ${reason}` });
      await Promise.all([run.stop(), ...this.retiring.values()]);
      // Another release may have been ensured meanwhile; that one is not ours to report.
      if (this.run !== run) return this.current!;
    }
    return this.set({ status: 'stopped', reason: finalReason, message: reason, endpoints: [] });
  }

  /**
   * Takes over what a previous agent ran in this slot when every instance it recorded is
   * still that very process; otherwise kills what is left of it (never a recycled pid) and
   * reports the environment lost. Returns the state to report.
   */
  adopt(record: EnvironmentRecord): EnvironmentState {
    killLeftovers(record.retiring);
    const { state } = record;
    const missing = record.instances.filter((i) => !isSameProcess(i.pid, i.startTime));
    const phase = adoptablePhase(state);
    this.current = state;
    if (phase && record.instances.length > 0 && missing.length === 0) {
      const run = new ReleaseRun(this.service, this.color, record.release, this.deps, (event) => this.onRunEvent(run, event));
      const instances = record.instances.map((i) => new AdoptedInstance(i, this.deps.folder.path(i.stderrFile), this.deps.now));
      run.adopt(instances, phase, phase !== 'starting');
      this.run = run;
      this.log.info('environment adopted', { service: this.service.name, color: this.color, status: state.status, pids: record.instances.map((i) => i.pid) });
      return this.set({});
    }
    killLeftovers(record.instances);
    for (const i of [...record.instances, ...record.retiring]) this.deps.folder.removeFile(i.stderrFile);
    // A failed release that no longer served, or a stopped one, just loses its leftovers.
    if (!phase && state.status !== 'stopping') return this.set({});
    const lost = phase ? lostMessage(state.version, record.instances, missing) : `the runtime agent restarted while ${state.version ?? 'the environment'} was stopping; its processes were killed`;
    return this.set({ status: phase ? 'failed' : 'stopped', reason: EnvironmentReasons.AgentRestarted, message: lost, endpoints: [] });
  }

  /** Stderr files of the instances still running here. */
  stderrFiles(): string[] {
    return [this.run, ...this.retiring.keys()].flatMap((r) => r?.records().map((i) => i.stderrFile) ?? []);
  }

  details(): LocalDiagnosticsDetails {
    return {
      runtime: 'local',
      command: this.service.command,
      cwd: this.service.cwd,
      processes: this.run?.processes() ?? [],
      exits: this.current?.exits ?? [],
      stderrTail: withFittedLines(this.run?.stderrTails() ?? []),
    };
  }

  /** Stops a replaced run; until it is gone a scale-down or close waits for it too. */
  private retire(run: ReleaseRun | null): Promise<void> {
    if (!run) return Promise.resolve();
    const stopped = run.stop();
    this.retiring.set(run, stopped);
    void stopped.finally(() => {
      this.retiring.delete(run);
      this.persist();
    });
    return stopped;
  }

  private onRunEvent(run: ReleaseRun, event: RunEvent): void {
    if (run !== this.run || !this.current) return;
    switch (event.kind) {
      case 'spawned':
        this.set({
          endpoints: run.endpoints(),
          message: `waiting for ${this.service.instances} instance(s) of ${run.release.version} to answer GET ${this.service.readinessPath}`,
        });
        return;
      case 'ready':
        this.set({
          status: 'ready',
          reason: EnvironmentReasons.Ready,
          message: `${this.service.instances} instance(s) of ${run.release.version} ready`,
          endpoints: run.endpoints(),
        });
        return;
      case 'failed':
        this.log.warn('environment failed', { service: this.service.name, color: this.color, ...event.failure });
        this.set({ status: 'failed', ...event.failure, endpoints: run.endpoints() });
        return;
      case 'exit':
        this.recordExit(event.exit, event.failure === null);
        return;
    }
  }

  private recordExit(exit: InstanceExit, announce: boolean): void {
    const exits = withFittedTails([...this.current!.exits, exit].slice(-MAX_EXITS));
    // Exits Cutover caused ride along with the next status; a crash that did not change
    // the status (the environment had failed already) is news of its own.
    if (exit.expected || !announce) {
      this.current = { ...this.current!, exits };
      this.persist();
    } else this.set({ exits, endpoints: this.run!.endpoints() });
  }

  /** The state file follows every change while processes run, and goes when none is left. */
  private persist(): void {
    const instances = this.run?.records() ?? [];
    const retiring = [...this.retiring.keys()].flatMap((r) => r.records());
    try {
      if (!this.current || !this.run || instances.length + retiring.length === 0) this.deps.folder.remove(this.service.name, this.color);
      else this.deps.folder.write({ release: this.run.release, state: this.current, instances, retiring });
    } catch (err) {
      this.log.error('cannot keep the runtime state of the environment', { service: this.service.name, color: this.color, err });
    }
  }

  private set(patch: StatePatch): EnvironmentState {
    const base: Omit<EnvironmentState, 'updatedAt'> = this.current ?? {
      service: this.service.name,
      color: this.color,
      version: null,
      specHash: null,
      status: 'stopped',
      reason: EnvironmentReasons.ScaledDown,
      message: '',
      endpoints: [],
      exits: [],
    };
    this.current = { ...base, ...patch, updatedAt: this.deps.now().toISOString() };
    this.persist();
    this.onChange(this.current);
    return this.current;
  }
}

function withFittedTails(exits: InstanceExit[]): InstanceExit[] {
  const tails = fitTails(exits.map((e) => e.stderrTail), STATE_STDERR_BUDGET);
  return exits.map((e, i) => ({ ...e, stderrTail: tails[i]! }));
}

function withFittedLines<T extends { lines: string[] }>(entries: T[]): T[] {
  const tails = fitTails(entries.map((e) => e.lines), DIAGNOSTICS_STDERR_BUDGET);
  return entries.map((e, i) => ({ ...e, lines: tails[i]! }));
}

/** How an adopted run goes on: a failed one only while it still serves (it was ready). */
function adoptablePhase(state: EnvironmentState): AdoptedPhase | null {
  if (state.status === 'starting' || state.status === 'ready') return state.status;
  return state.status === 'failed' && state.endpoints.length > 0 ? 'failed' : null;
}

function lostMessage(version: string | null, recorded: InstanceRecord[], missing: InstanceRecord[]): string {
  const release = version ?? 'the release';
  if (recorded.length === 0) return `the runtime agent restarted before the processes of ${release} were started`;
  const who = missing.map((i) => `instance ${i.index} (pid ${i.pid}, port ${i.port})`).join(', ');
  const rest = recorded.length - missing.length;
  return `the runtime agent restarted and ${who} of ${release} had exited or was no longer the process it started${rest ? `; the other ${rest} instance(s) were killed` : ''}`;
}

function startFailure(err: unknown) {
  return {
    reason: EnvironmentReasons.SpawnFailed,
    message: `could not start: ${err instanceof Error ? err.message : String(err)}`,
  };
}
