// What the label and the namespace router share: the connection, the live color last read
// back, a switch confirmed on the EndpointSlices, and no traffic counts of their own.
import type { KubeConfig, V1EndpointSlice, V1Pod } from '@kubernetes/client-node';
import type { Color, Endpoint, TrafficSample } from '@cutover/contracts';
import { KubeAnnotations, KubeLabels, kubernetesNames, type KubernetesNames, type KubernetesRuntimeConfig, type ServiceConfig } from '@cutover/config';
import { call, selectorText, type KubeClient } from '@cutover/kube';
import type { Logger } from '@cutover/observability';
import { UnknownServiceError } from '../errors';
import type { Router } from '../router';
import { TrafficCounter } from '../local/traffic-counter';
import { confirmSlices, isReady } from './endpoints';
import { NoReadyPodsError, SwitchNotConfirmedError } from './errors';
import type { LivePorts } from './live-service';
import type { RecordedLive, SwitchContext } from '../router';

export interface KubernetesRouterOptions {
  services: Record<string, Pick<ServiceConfig, 'router' | 'kubernetes'>>;
  settings: KubernetesRuntimeConfig;
  /** A loaded client configuration; by default settings.kubeconfig (or the client's default) is loaded. */
  kubeConfig?: KubeConfig;
  clock?: { now(): Date };
  logger?: Logger;
  /** How long a switch waits for the EndpointSlices to list only the new color. */
  confirmTimeoutMs?: number;
  /** How often they are read meanwhile. */
  confirmIntervalMs?: number;
}

const DEFAULT_CONFIRM_TIMEOUT_MS = 30_000;
const DEFAULT_CONFIRM_INTERVAL_MS = 50;

export abstract class KubernetesRouterBase implements Router {
  abstract readonly kind: string;
  protected readonly names: KubernetesNames;
  protected readonly clock: { now(): Date };
  private readonly known = new Map<string, Color | null>();
  private readonly sampledAt = new Map<string, number>();

  protected constructor(
    protected readonly opts: KubernetesRouterOptions,
    protected readonly kube: KubeClient,
    protected readonly log: Logger,
  ) {
    this.names = kubernetesNames(opts.settings);
    this.clock = opts.clock ?? { now: () => new Date() };
  }

  abstract switchTo(service: string, color: Color, context?: SwitchContext): Promise<void>;
  protected abstract readLiveColor(service: string): Promise<Color | null>;

  /** Kubernetes routers find the pods themselves; the runtime's endpoints are not needed. */
  setBackends(_service: string, _color: Color, _endpoints: Endpoint[]): void {}

  async liveColor(service: string): Promise<Color | null> {
    this.ports(service);
    const color = await this.readLiveColor(service);
    this.known.set(service, color);
    return color;
  }

  /** The color the cluster serves and the version its Deployment runs: what a restarted Cutover adopts. */
  async recordedLive(service: string): Promise<RecordedLive | null> {
    const color = await this.liveColor(service);
    return color ? { color, version: await this.colorVersion(service, color) } : null;
  }

  /**
   * Live traffic does not pass through Cutover on Kubernetes, so there is nothing to count:
   * the counts are zero and health comes from probes and pod status.
   */
  takeTrafficSample(service: string): TrafficSample {
    this.ports(service);
    const now = this.clock.now().getTime();
    const intervalMs = Math.max(0, now - (this.sampledAt.get(service) ?? now));
    this.sampledAt.set(service, now);
    return { service, liveColor: this.known.get(service) ?? null, intervalMs, ...new TrafficCounter().take() };
  }

  /** Nothing to open: Kubernetes serves the traffic. */
  async start(): Promise<void> {}

  async close(): Promise<void> {}

  protected remember(service: string, color: Color): void {
    this.known.set(service, color);
  }

  protected ports(service: string): LivePorts {
    const config = this.opts.services[service];
    if (!config) throw new UnknownServiceError(service);
    return { port: config.router.port, targetPort: config.kubernetes.containerPort };
  }

  protected async colorPods(service: string, color: Color): Promise<V1Pod[]> {
    const namespace = this.names.colorNamespace(service, color);
    const labelSelector = selectorText(this.names.podSelector(service, color));
    return (await call(`list pods in ${namespace}`, () => this.kube.core.listNamespacedPod({ namespace, labelSelector }))).items;
  }

  protected async liveSlices(service: string): Promise<V1EndpointSlice[]> {
    const namespace = this.names.serviceNamespace(service);
    const labelSelector = `${KubeLabels.serviceName}=${this.names.liveService(service)}`;
    return (await call(`list EndpointSlices in ${namespace}`, () => this.kube.discovery.listNamespacedEndpointSlice({ namespace, labelSelector }))).items;
  }

  /** The color's pods, read just before the live routing moves to them: none ready is a refusal, not a switch. */
  protected async readyColorPods(service: string, color: Color): Promise<V1Pod[]> {
    const pods = await this.colorPods(service, color);
    if (!pods.some(isReady)) throw new NoReadyPodsError(service, color, pods.length);
    return pods;
  }

  /** The version the color runs, from its Deployment; null when it has none. */
  protected async colorVersion(service: string, color: Color): Promise<string | null> {
    const namespace = this.names.colorNamespace(service, color);
    const name = this.names.deployment(service, color);
    try {
      const deployment = await call(`read Deployment ${namespace}/${name}`, () => this.kube.apps.readNamespacedDeployment({ namespace, name }));
      return deployment.metadata?.annotations?.[KubeAnnotations.version] ?? null;
    } catch (err) {
      this.log.warn('cannot read the version of the color', { service, color, err });
      return null;
    }
  }

  /** Reads the live Service's EndpointSlices until they list only the color's pods. */
  protected async confirm(service: string, color: Color): Promise<void> {
    const timeoutMs = this.opts.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
    const deadline = this.clock.now().getTime() + timeoutMs;
    for (;;) {
      const [slices, pods] = await Promise.all([this.liveSlices(service), this.colorPods(service, color)]);
      const check = confirmSlices(slices, pods);
      if (check.confirmed) return;
      if (this.clock.now().getTime() >= deadline) throw new SwitchNotConfirmedError(service, color, timeoutMs, check.seen);
      await new Promise((resolve) => setTimeout(resolve, this.opts.confirmIntervalMs ?? DEFAULT_CONFIRM_INTERVAL_MS));
    }
  }
}
