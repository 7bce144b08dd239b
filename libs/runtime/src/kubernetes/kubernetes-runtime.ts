import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { COLORS, type Color, type EnsureEnvironment, type EnvironmentState, type RuntimeDiagnostics, type ScaleDown } from '@cutover/contracts';
import { KubeLabels, kubernetesNames, type KubernetesNames, type KubernetesRuntimeConfig, type ServiceConfig } from '@cutover/config';
import { systemClock, type Clock } from '@cutover/core';
import { KubeClient, type PodWatch } from '@cutover/kube';
import { createLogger, type Logger } from '@cutover/observability';
import { RuntimeClosedError, UnknownServiceError } from '../errors';
import type { Runtime } from '../runtime';
import { ColorEnvironment, type PollIntervals } from './color-environment';

/** The last state recorded for one environment, or null if there is none. */
export type RecordedState = (service: string, color: Color) => Promise<EnvironmentState | null>;

export interface KubernetesRuntimeOptions {
  services: Record<string, ServiceConfig>;
  settings: KubernetesRuntimeConfig;
  /** A loaded client configuration; by default settings.kubeconfig (or the client's default) is loaded. */
  kubeConfig?: KubeConfig;
  clock?: Clock;
  log?: Logger;
  poll?: Partial<PollIntervals>;
}

const DEFAULT_POLL: PollIntervals = { activeMs: 250, settledMs: 2_000 };

/**
 * Environments as Deployments: `<svc>-<color>` in the service's namespace (label mode) or in
 * the color's own namespace (namespace mode). State lives in the cluster; start() adopts it.
 */
export class KubernetesRuntime implements Runtime {
  readonly kind = 'kubernetes';
  private readonly names: KubernetesNames;
  private readonly environments = new Map<string, ColorEnvironment>();
  private readonly listeners = new Set<(state: EnvironmentState) => void>();
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly poll: PollIntervals;
  private podWatch: PodWatch | null = null;
  private closed = false;

  private constructor(
    private readonly opts: KubernetesRuntimeOptions,
    private readonly api: KubeClient,
  ) {
    this.log = opts.log ?? createLogger('runtime-kubernetes');
    const clock = opts.clock ?? systemClock;
    this.now = () => clock.now();
    this.poll = { ...DEFAULT_POLL, ...opts.poll };
    this.names = kubernetesNames(opts.settings);
  }

  /** Loads the client and the kubeconfig; call start() once listeners are registered. */
  static async connect(opts: KubernetesRuntimeOptions): Promise<KubernetesRuntime> {
    return new KubernetesRuntime(opts, await KubeClient.connect(opts.kubeConfig ?? opts.settings.kubeconfig));
  }

  /**
   * Reports what already runs in the cluster for every configured service and color. A state
   * `recorded` before (by a previous runtime) for a color the cluster has no Deployment of
   * is reported stopped, so it no longer claims pods that are gone.
   */
  async start(recorded: RecordedState = () => Promise.resolve(null)): Promise<void> {
    const adopt = async (service: string, color: Color) => this.environment(service, color).adopt(await recorded(service, color));
    await Promise.all(Object.keys(this.opts.services).flatMap((service) => COLORS.map((color) => adopt(service, color))));
    this.podWatch ??= this.api.watchPods(KubeLabels.color, {
      onPod: (pod) => this.podChanged(pod),
      onResync: () => this.environments.forEach((environment) => environment.nudge()),
      onError: (err) => this.log.warn('pod watch ended; polling meanwhile', { err }),
    });
  }

  async ensure(req: EnsureEnvironment): Promise<EnvironmentState> {
    if (this.closed) throw new RuntimeClosedError('ensure an environment');
    return this.environment(req.service, req.color).ensure(req);
  }

  async scaleDown(req: ScaleDown): Promise<EnvironmentState> {
    if (this.closed) throw new RuntimeClosedError('scale down an environment');
    return this.environment(req.service, req.color).scaleDown(req.reason);
  }

  get(service: string, color: Color): EnvironmentState | null {
    return this.environments.get(key(service, color))?.state ?? null;
  }

  list(): EnvironmentState[] {
    return [...this.environments.values()].flatMap((e) => (e.state ? [e.state] : []));
  }

  async diagnostics(service: string, color: Color): Promise<RuntimeDiagnostics> {
    const environment = this.environment(service, color);
    return { environment: environment.state, details: await environment.diagnostics() };
  }

  onChange(listener: (state: EnvironmentState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the cluster; what runs there keeps running, for the next runtime to adopt. */
  async close(): Promise<void> {
    this.closed = true;
    this.podWatch?.stop();
    for (const environment of this.environments.values()) environment.close();
  }

  private environment(service: string, color: Color): ColorEnvironment {
    const config = this.opts.services[service];
    if (!config) throw new UnknownServiceError(service, Object.keys(this.opts.services));
    const k = key(service, color);
    let environment = this.environments.get(k);
    if (!environment) {
      environment = new ColorEnvironment(config, color, {
        api: this.api,
        names: this.names,
        now: this.now,
        log: this.log,
        poll: this.poll,
        onChange: (state) => this.emit(state),
      });
      this.environments.set(k, environment);
    }
    return environment;
  }

  /** A pod of one of our colors changed: that color reads the cluster now. Pods of other Cutovers (other prefixes) are not ours. */
  private podChanged(pod: V1Pod): void {
    const service = pod.metadata?.labels?.[KubeLabels.name];
    const color = COLORS.find((c) => c === pod.metadata?.labels?.[KubeLabels.color]);
    if (!service || !color || !this.opts.services[service]) return;
    if (pod.metadata?.namespace !== this.names.colorNamespace(service, color)) return;
    this.environments.get(key(service, color))?.nudge();
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
