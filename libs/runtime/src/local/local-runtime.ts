import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Color, EnsureEnvironment, EnvironmentState, RuntimeDiagnostics, ScaleDown } from '@cutover/contracts';
import type { ServiceConfig } from '@cutover/config';
import { systemClock, type Clock } from '@cutover/core';
import { createLogger, type Logger } from '@cutover/observability';
import { RuntimeClosedError, UnknownServiceError } from '../errors';
import { EnvironmentReasons } from '../reasons';
import type { Runtime } from '../runtime';
import { killLeftovers } from './adopted-instance';
import { EnvironmentSlot } from './environment-slot';
import { FreePortAllocator, type PortAllocator } from './port-allocator';
import { StateFolder } from './state-folder';

export interface LocalRuntimeOptions {
  services: Record<string, ServiceConfig>;
  clock?: Clock;
  log?: Logger;
  portAllocator?: PortAllocator;
  /**
   * Where instance stderr files and the state of every environment are kept, so that
   * recover() in a later process finds them. Without it a private temporary folder is
   * used and removed on close(): nothing outlives this runtime.
   */
  stateDir?: string;
}

/** Environments as child processes of this process, on loopback ports. */
export class LocalRuntime implements Runtime {
  readonly kind = 'local';
  private readonly slots = new Map<string, EnvironmentSlot>();
  private readonly listeners = new Set<(state: EnvironmentState) => void>();
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly ports: PortAllocator;
  private readonly folder: StateFolder;
  /** Set when the folder is this runtime's own: it goes when the runtime or its process ends. */
  private readonly removeFolder: (() => void) | null;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: LocalRuntimeOptions) {
    this.log = opts.log ?? createLogger('runtime-local');
    const clock = opts.clock ?? systemClock;
    this.now = () => clock.now();
    this.ports = opts.portAllocator ?? new FreePortAllocator();
    this.folder = new StateFolder(opts.stateDir ?? mkdtempSync(join(tmpdir(), 'cutover-runtime-')));
    this.removeFolder = opts.stateDir === undefined ? () => rmSync(this.folder.dir, { recursive: true, force: true }) : null;
    if (this.removeFolder) process.once('exit', this.removeFolder);
  }

  /**
   * Once, before the first ensure: takes over the environments a previous runtime on the
   * same state folder left running (it was killed), or stops what is left of them. Returns
   * the state of every environment found, each also reported through onChange.
   */
  recover(): EnvironmentState[] {
    const found: EnvironmentState[] = [];
    const records = this.folder.read((err) => this.log.error('unreadable runtime state deleted', { err }));
    for (const record of records) {
      const { service, color } = record.state;
      if (this.opts.services[service]) {
        found.push(this.slot(service, color).adopt(record));
        continue;
      }
      this.log.warn('processes of a service no longer configured killed', { service, color });
      killLeftovers([...record.instances, ...record.retiring]);
      this.folder.remove(service, color);
    }
    const kept = [...this.slots.values()].flatMap((s) => s.stderrFiles());
    this.folder.sweep(new Set(kept));
    return found;
  }

  async ensure(req: EnsureEnvironment): Promise<EnvironmentState> {
    if (this.closing) throw new RuntimeClosedError('ensure an environment');
    return this.slot(req.service, req.color).ensure(req);
  }

  async scaleDown(req: ScaleDown): Promise<EnvironmentState> {
    if (this.closing) throw new RuntimeClosedError('scale down an environment');
    return this.slot(req.service, req.color).scaleDown(req.reason);
  }

  get(service: string, color: Color): EnvironmentState | null {
    return this.slots.get(key(service, color))?.state ?? null;
  }

  list(): EnvironmentState[] {
    return [...this.slots.values()].flatMap((s) => (s.state ? [s.state] : []));
  }

  async diagnostics(service: string, color: Color): Promise<RuntimeDiagnostics> {
    const slot = this.slot(service, color);
    return { environment: slot.state, details: slot.details() };
  }

  onChange(listener: (state: EnvironmentState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every environment (reported as stopped) and resolves when no child is left. */
  close(): Promise<void> {
    this.closing ??= Promise.all(
      [...this.slots.values()].map((s) => s.scaleDown('the local runtime is shutting down', EnvironmentReasons.RuntimeClosed)),
    ).then(() => {
      if (!this.removeFolder) return;
      process.off('exit', this.removeFolder);
      this.removeFolder();
    });
    return this.closing;
  }

  private config(service: string): ServiceConfig {
    const config = this.opts.services[service];
    if (!config) throw new UnknownServiceError(service, Object.keys(this.opts.services));
    return config;
  }

  private slot(service: string, color: Color): EnvironmentSlot {
    const config = this.config(service);
    const k = key(service, color);
    let slot = this.slots.get(k);
    if (!slot) {
      const deps = { now: this.now, ports: this.ports, folder: this.folder };
      slot = new EnvironmentSlot(config, color, deps, this.log, (state) => this.emit(state));
      this.slots.set(k, slot);
    }
    return slot;
  }

  private emit(state: EnvironmentState): void {
    for (const listener of this.listeners) {
      try {
        listener(state);
      } catch (err) {
        this.log.error('environment listener failed', { service: state.service, color: state.color, err });
      }
    }
  }
}

const key = (service: string, color: Color) => `${service}.${color}`;
