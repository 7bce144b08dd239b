// Namespace mode: each color runs in its own namespace and the live Service, in the
// service's namespace, has no selector. Cutover writes the Service's one EndpointSlice
// itself (the pattern of multi-cluster services): a switch rewrites it with the new color's
// pods, and a follower keeps it in step with that color's pods as they come and go. The
// slice says which color it lists, so the routing is read back from what routes.
import type { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { KubeAnnotations, KubeLabels } from '@cutover/config';
import { KubeClient, KubernetesApiError, readOrNull } from '@cutover/kube';
import { createLogger } from '@cutover/observability';
import { buildEndpointSlice, podEndpoints, sameEndpoints } from './endpoints';
import { asColor, buildLiveService, switchAnnotations } from './live-service';
import type { SwitchContext } from '../router';
import { KubernetesRouterBase, type KubernetesRouterOptions } from './router-base';

export interface NamespaceRouterOptions extends KubernetesRouterOptions {
  /** How often the active color's pods are read to follow them. */
  followIntervalMs?: number;
}

const DEFAULT_FOLLOW_INTERVAL_MS = 500;

export class NamespaceRouter extends KubernetesRouterBase {
  readonly kind = 'kubernetes-namespace';
  private followTimer: NodeJS.Timeout | undefined;
  private following = false;
  /** Per service, one change of the slice at a time within this process. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly followIntervalMs: number;

  private constructor(opts: NamespaceRouterOptions, kube: KubeClient) {
    super(opts, kube, opts.logger ?? createLogger('router-kubernetes'));
    this.followIntervalMs = opts.followIntervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS;
  }

  static async connect(opts: NamespaceRouterOptions): Promise<NamespaceRouter> {
    return new NamespaceRouter(opts, await KubeClient.connect(opts.kubeConfig ?? opts.settings.kubeconfig));
  }

  switchTo(service: string, color: Color, context: SwitchContext = {}): Promise<void> {
    return this.serially(service, async () => {
      const ports = this.ports(service);
      const [current, slice] = await Promise.all([this.readService(service), this.readSlice(service)]);
      const from = asColor(slice?.metadata?.labels?.[KubeLabels.color]);
      const endpoints = podEndpoints(from === color ? await this.colorPods(service, color) : await this.readyColorPods(service, color));
      if (from !== color || !sameEndpoints(slice?.endpoints ?? [], endpoints)) {
        await this.kube.apply(buildEndpointSlice(service, this.names, color, ports.targetPort, endpoints));
      }
      const recorded = current?.metadata?.annotations ?? {};
      const recordedAlready = recorded[KubeAnnotations.activeColor] === color && (!context.deploymentId || recorded[KubeAnnotations.deploymentId] === context.deploymentId);
      if (!current || !recordedAlready) {
        const version = await this.colorVersion(service, color);
        await this.kube.apply(buildLiveService(service, this.names, ports, null, switchAnnotations(current, color, version, context, this.clock.now())));
      }
      if (from !== color) this.log.info('live EndpointSlice switched', { service, from, to: color, endpoints: endpoints.length });
      await this.confirm(service, color);
      this.remember(service, color);
    });
  }

  /** Starts following the active color's pods of every service. */
  override async start(): Promise<void> {
    this.following = true;
    this.scheduleFollow(0);
  }

  override async close(): Promise<void> {
    this.following = false;
    clearTimeout(this.followTimer);
    await Promise.allSettled(this.chains.values());
  }

  protected async readLiveColor(service: string): Promise<Color | null> {
    return asColor((await this.readSlice(service))?.metadata?.labels?.[KubeLabels.color]);
  }

  private scheduleFollow(delayMs: number): void {
    if (!this.following) return;
    this.followTimer = setTimeout(() => void this.followAll(), delayMs);
  }

  private async followAll(): Promise<void> {
    await Promise.all(
      Object.keys(this.opts.services).map((service) =>
        this.serially(service, () => this.follow(service)).catch((err: unknown) => {
          this.log.warn('cannot follow the pods of the live color', { service, err });
        }),
      ),
    );
    this.scheduleFollow(this.followIntervalMs);
  }

  /** Rewrites the slice when the active color's pods changed; over the version read, so a switch elsewhere wins. */
  private async follow(service: string): Promise<void> {
    const slice = await this.readSlice(service);
    const color = asColor(slice?.metadata?.labels?.[KubeLabels.color]);
    if (!slice || !color) return;
    const endpoints = podEndpoints(await this.colorPods(service, color));
    if (sameEndpoints(slice.endpoints ?? [], endpoints)) return;
    try {
      await this.kube.apply(buildEndpointSlice(service, this.names, color, this.ports(service).targetPort, endpoints, slice.metadata?.resourceVersion));
      this.log.info('live EndpointSlice follows the pods', { service, color, endpoints: endpoints.length });
    } catch (err) {
      if (!(err instanceof KubernetesApiError) || err.status !== 409) throw err;
    }
  }

  private serially(service: string, work: () => Promise<void>): Promise<void> {
    const run = (this.chains.get(service) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.chains.set(service, run);
    return run;
  }

  private readService(service: string): Promise<V1Service | null> {
    const namespace = this.names.serviceNamespace(service);
    const name = this.names.liveService(service);
    return readOrNull(`read Service ${namespace}/${name}`, () => this.kube.core.readNamespacedService({ namespace, name }));
  }

  private readSlice(service: string): Promise<V1EndpointSlice | null> {
    const namespace = this.names.serviceNamespace(service);
    const name = this.names.endpointSlice(service);
    return readOrNull(`read EndpointSlice ${namespace}/${name}`, () => this.kube.discovery.readNamespacedEndpointSlice({ namespace, name }));
  }
}
