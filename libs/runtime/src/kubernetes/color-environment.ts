// One color of one service on Kubernetes: applies releases, follows the cluster by polling
// (often while something is changing, seldom once it settled, and at once when a watched
// pod of the color changes) and reports every change of state. Everything it knows it reads back from the cluster, so a new runtime adopts what
// an old one left.
import type { Color, EnsureEnvironment, EnvironmentState } from '@cutover/contracts';
import { KubeAnnotations, type KubernetesNames, type ServiceConfig } from '@cutover/config';
import { specHash } from '@cutover/core';
import { KubernetesApiError, type KubeClient } from '@cutover/kube';
import type { Logger } from '@cutover/observability';
import { EnvironmentReasons } from '../reasons';
import { describeColor, type KubernetesDiagnosticsDetails } from './diagnostics';
import { readColorObjects } from './color-objects';
import { buildPreviewService } from './manifests/preview-service';
import { environmentObjects } from './manifests/environment';
import { readinessProbe } from './manifests/probes';
import { readPodLogs } from './pod-logs';
import { KubernetesReasons } from './reasons';
import { classify, isRolledOut, type Classification, type ColorObjects } from './status';

// Same rule as the local runtime: a retried ensure of the release already here changes nothing.
const KEEPS_RELEASE: ReadonlySet<EnvironmentState['status']> = new Set(['starting', 'ready', 'failed']);
const SETTLED: ReadonlySet<EnvironmentState['status']> = new Set(['ready', 'failed']);

export interface PollIntervals {
  /** While starting or stopping. */
  activeMs: number;
  /** While ready or failed: pods may still come and go. */
  settledMs: number;
}

export interface ColorDeps {
  api: KubeClient;
  names: KubernetesNames;
  now: () => Date;
  log: Logger;
  poll: PollIntervals;
  onChange: (state: EnvironmentState) => void;
}

type StatePatch = Partial<Omit<EnvironmentState, 'service' | 'color' | 'updatedAt'>>;

export class ColorEnvironment {
  private current: EnvironmentState | null = null;
  /** Bumped by every ensure and scale-down: a poll that started before must not report. */
  private epoch = 0;
  /** The release whose readiness counts; a Deployment showing another one is a stale read. */
  private expectedHash: string | null = null;
  private readyHash: string | null = null;
  private previewHash: string | null = null;
  private stopReason: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  /** A nudge arrived while a poll was reading: read again as soon as it is done. */
  private nudged = false;
  private closed = false;

  constructor(
    private readonly service: ServiceConfig,
    private readonly color: Color,
    private readonly deps: ColorDeps,
  ) {}

  get state(): EnvironmentState | null {
    return this.current;
  }

  /**
   * Reads what the cluster runs for this color and reports it. Without a Deployment there is
   * nothing to report, unless `recorded` (what was said before this runtime started) claims otherwise.
   */
  async adopt(recorded: EnvironmentState | null): Promise<void> {
    const objects = await this.read();
    const deployment = objects.deployment;
    if (!deployment) {
      if (recorded && recorded.status !== 'stopped') this.reportNotInCluster(recorded);
      return;
    }
    this.expectedHash = deployment.metadata?.annotations?.[KubeAnnotations.specHash] ?? null;
    const available = deployment.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;
    if (isRolledOut(deployment) || available) this.readyHash = this.expectedHash;
    this.report(objects);
  }

  async ensure(req: EnsureEnvironment): Promise<EnvironmentState> {
    const image = req.image ?? this.service.image;
    if (!image) {
      return this.set({
        version: req.version,
        specHash: null,
        status: 'failed',
        reason: KubernetesReasons.NoImage,
        message: `release ${req.version} names no image and services.${this.service.name}.image is not set`,
        endpoints: [],
      });
    }
    // The release as requested, as the orchestrator hashes it: a default image filled in here
    // would make the two hashes differ and the release never count as running.
    const hash = specHash(req);
    if (this.current && this.current.specHash === hash && KEEPS_RELEASE.has(this.current.status)) return this.current;

    const epoch = ++this.epoch;
    const release = { color: this.color, version: req.version, image, env: req.env, specHash: hash, appliedAt: this.deps.now() };
    try {
      for (const object of environmentObjects(this.service, release, this.deps.names)) await this.deps.api.apply(object);
    } catch (err) {
      if (!(err instanceof KubernetesApiError) || !isRefusal(err.status)) throw err;
      return this.set({ version: req.version, specHash: hash, status: 'failed', reason: KubernetesReasons.Rejected, message: err.message, endpoints: [] });
    }
    if (epoch !== this.epoch) return this.current!;
    const replacing = this.current?.version && this.current.status !== 'stopped' ? ` (replacing ${this.current.version})` : '';
    this.expectedHash = hash;
    this.readyHash = null;
    this.stopReason = null;
    const state = this.set({
      version: req.version,
      specHash: hash,
      status: 'starting',
      reason: replacing ? EnvironmentReasons.Replacing : EnvironmentReasons.Starting,
      message: `starting ${this.service.kubernetes.replicas} pod(s) of ${req.version}${replacing}`,
      endpoints: [],
    });
    this.schedule(0);
    return state;
  }

  async scaleDown(reason: string): Promise<EnvironmentState> {
    if (this.current?.status === 'stopped') return this.current;
    ++this.epoch;
    this.readyHash = null;
    this.stopReason = reason;
    const namespace = this.deps.names.colorNamespace(this.service.name, this.color);
    const name = this.deps.names.deployment(this.service.name, this.color);
    try {
      await this.deps.api.mergePatchDeployment(namespace, name, { spec: { replicas: 0 } });
    } catch (err) {
      if (!(err instanceof KubernetesApiError) || err.status !== 404) throw err;
      return this.set({ status: 'stopped', reason: EnvironmentReasons.ScaledDown, message: reason, endpoints: [] });
    }
    const state = this.set({ status: 'stopping', reason: EnvironmentReasons.Stopping, message: `stopping: ${reason}`, endpoints: [] });
    this.schedule(0);
    return state;
  }

  async diagnostics(): Promise<KubernetesDiagnosticsDetails> {
    const objects = await this.read();
    const namespace = this.deps.names.colorNamespace(this.service.name, this.color);
    return describeColor(namespace, objects, await readPodLogs(this.deps.api, namespace, objects.pods));
  }

  /** Something about the color's pods changed: read it now rather than at the next poll. */
  nudge(): void {
    if (this.closed || !this.current || this.current.status === 'stopped') return;
    if (this.polling) this.nudged = true;
    else this.schedule(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    const epoch = this.epoch;
    this.polling = true;
    this.nudged = false;
    try {
      const objects = await this.read();
      if (epoch === this.epoch) this.report(objects);
    } catch (err) {
      this.deps.log.warn('cannot read the environment from Kubernetes', { service: this.service.name, color: this.color, err });
    } finally {
      this.polling = false;
    }
    const status = this.current?.status;
    if (status === 'stopped') return;
    if (this.nudged) this.schedule(0);
    else this.schedule(status && SETTLED.has(status) ? this.deps.poll.settledMs : this.deps.poll.activeMs);
  }

  private read(): Promise<ColorObjects> {
    return readColorObjects(this.deps.api, this.deps.names, this.service.name, this.color);
  }

  private report(objects: ColorObjects): void {
    const annotations = objects.deployment?.metadata?.annotations ?? {};
    const hash = annotations[KubeAnnotations.specHash] ?? null;
    // The cache of the API server may not show our apply yet: wait for it rather than report the old release.
    if (objects.deployment && this.expectedHash && hash !== this.expectedHash) return;
    const seen = classify(objects, {
      now: this.deps.now(),
      readinessTimeoutMs: this.service.policy.readinessTimeoutMs,
      readinessFailureThreshold: this.service.policy.probe.failureThreshold,
      readinessPeriodMs: (readinessProbe(this.service).periodSeconds ?? 1) * 1000,
      containerPort: this.service.kubernetes.containerPort,
      wasReady: hash !== null && this.readyHash === hash,
    });
    if (seen.status === 'ready') {
      this.readyHash = hash;
      void this.applyPreview(hash);
    }
    const next = this.withStopReason(seen);
    const c = this.current;
    const version = annotations[KubeAnnotations.version] ?? c?.version ?? null;
    if (c && c.status === next.status && c.reason === next.reason && c.message === next.message && c.version === version && sameEndpoints(c, next)) return;
    this.set({ version, specHash: hash ?? c?.specHash ?? null, ...next });
  }

  private reportNotInCluster(recorded: EnvironmentState): void {
    const namespace = this.deps.names.colorNamespace(this.service.name, this.color);
    const name = this.deps.names.deployment(this.service.name, this.color);
    this.set({
      version: recorded.version,
      specHash: recorded.specHash,
      status: 'stopped',
      reason: KubernetesReasons.NotInCluster,
      message: `Deployment ${namespace}/${name} was not found in the cluster; the recorded state said ${recorded.status} (version ${recorded.version ?? 'none'})`,
      endpoints: [],
    });
  }

  private withStopReason(seen: Classification): Classification {
    return seen.status === 'stopped' && this.stopReason ? { ...seen, message: this.stopReason } : seen;
  }

  /** The preview Service goes up once its color is ready, and again after a restart (idempotent). */
  private async applyPreview(hash: string | null): Promise<void> {
    if (this.previewHash === hash) return;
    this.previewHash = hash;
    try {
      await this.deps.api.apply(buildPreviewService(this.service, this.color, this.deps.names));
    } catch (err) {
      this.previewHash = null;
      this.deps.log.warn('cannot apply the preview Service', { service: this.service.name, color: this.color, err });
    }
  }

  private set(patch: StatePatch): EnvironmentState {
    const base: Omit<EnvironmentState, 'updatedAt'> = this.current ?? {
      service: this.service.name,
      color: this.color,
      version: null,
      specHash: null,
      status: 'stopped',
      reason: KubernetesReasons.NotDeployed,
      message: '',
      endpoints: [],
      exits: [],
    };
    this.current = { ...base, ...patch, updatedAt: this.deps.now().toISOString() };
    this.deps.onChange(this.current);
    return this.current;
  }
}

/** 4xx other than conflicts and throttling: the request itself is wrong, trying again will not help. */
const isRefusal = (status: number | undefined) => status !== undefined && status >= 400 && status < 500 && status !== 409 && status !== 429;

const sameEndpoints = (a: { endpoints: EnvironmentState['endpoints'] }, b: { endpoints: EnvironmentState['endpoints'] }) =>
  a.endpoints.length === b.endpoints.length && a.endpoints.every((e, i) => e.host === b.endpoints[i]!.host && e.port === b.endpoints[i]!.port);
