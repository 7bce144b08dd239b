// Label mode: the live Service selects one color's pods by label. A switch works out the
// desired selector first, refuses a color without a ready pod, then changes the Service in
// one idempotent request (the selector is replaced whole, so it is never empty or mixed;
// @cutover/kube retries it while the API server is unavailable), then waits until the
// EndpointSlices Kubernetes keeps for the Service list only the new color's pods.
import type { V1Service } from '@kubernetes/client-node';
import type { Color } from '@cutover/contracts';
import { KubeAnnotations, KubeLabels } from '@cutover/config';
import { KubeClient, readOrNull } from '@cutover/kube';
import { createLogger } from '@cutover/observability';
import { asColor, buildLiveService, switchAnnotations } from './live-service';
import type { SwitchContext } from '../router';
import { KubernetesRouterBase, type KubernetesRouterOptions } from './router-base';

export class LabelRouter extends KubernetesRouterBase {
  readonly kind = 'kubernetes-label';

  private constructor(opts: KubernetesRouterOptions, kube: KubeClient) {
    super(opts, kube, opts.logger ?? createLogger('router-kubernetes'));
  }

  static async connect(opts: KubernetesRouterOptions): Promise<LabelRouter> {
    return new LabelRouter(opts, await KubeClient.connect(opts.kubeConfig ?? opts.settings.kubeconfig));
  }

  async switchTo(service: string, color: Color, context: SwitchContext = {}): Promise<void> {
    const ports = this.ports(service);
    const desired = this.names.podSelector(service, color);
    const current = await this.readService(service);
    const recorded = current?.metadata?.annotations ?? {};
    const already =
      sameSelector(current?.spec?.selector, desired) &&
      recorded[KubeAnnotations.activeColor] === color &&
      (!context.deploymentId || recorded[KubeAnnotations.deploymentId] === context.deploymentId);
    if (!already) {
      const [, version] = await Promise.all([this.readyColorPods(service, color), this.colorVersion(service, color)]);
      const annotations = switchAnnotations(current, color, version, context, this.clock.now());
      await this.kube.apply(buildLiveService(service, this.names, ports, desired, annotations));
      this.log.info('live Service switched', { service, from: asColor(current?.spec?.selector?.[KubeLabels.color]), to: color, version });
    }
    await this.confirm(service, color);
    this.remember(service, color);
  }

  protected async readLiveColor(service: string): Promise<Color | null> {
    return asColor((await this.readService(service))?.spec?.selector?.[KubeLabels.color]);
  }

  private readService(service: string): Promise<V1Service | null> {
    const namespace = this.names.serviceNamespace(service);
    const name = this.names.liveService(service);
    return readOrNull(`read Service ${namespace}/${name}`, () => this.kube.core.readNamespacedService({ namespace, name }));
  }
}

function sameSelector(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  return !!a && Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
}
