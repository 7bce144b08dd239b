// A span per probe round of an environment that a running deployment is bringing up: the
// round's snapshot carries when its last probe started and how the environment stands. The
// snapshot and any transition are sent under the deployment's trace, so the rollback that
// a transition may cause continues the same trace.
import type { Color, HealthSnapshot, HealthTransition, Notification } from '@cutover/contracts';
import { cutoverAttributes, deploymentContext, inDeploymentTrace, recordSpan } from '@cutover/tracing';
import type { HealthSink } from '../monitor/watch-set';

export interface RunningDeployment {
  id: string;
  version: string;
}

/** The running deployment whose new color this is, if any. */
export type DeploymentOf = (service: string, color: Color) => RunningDeployment | null;

export class TracedHealthSink implements HealthSink {
  /** Start of the last probe already traced per environment: rounds that probed nothing get no span. */
  private readonly traced = new Map<string, string>();

  constructor(
    private readonly inner: HealthSink,
    private readonly deploymentOf: DeploymentOf,
  ) {}

  async snapshot(s: HealthSnapshot): Promise<void> {
    const deployment = this.deploymentOf(s.service, s.color);
    if (!deployment) return this.inner.snapshot(s);
    this.recordRound(s, deployment);
    return inDeploymentTrace(deployment.id, () => this.inner.snapshot(s));
  }

  async transition(t: HealthTransition): Promise<void> {
    const deployment = this.deploymentOf(t.service, t.color);
    if (!deployment) return this.inner.transition(t);
    return inDeploymentTrace(deployment.id, () => this.inner.transition(t));
  }

  async removed(service: string, color: Color): Promise<void> {
    this.traced.delete(`${service}.${color}`);
    return this.inner.removed(service, color);
  }

  async warning(n: Notification): Promise<void> {
    return this.inner.warning(n);
  }

  private recordRound(s: HealthSnapshot, deployment: RunningDeployment): void {
    const probe = s.lastProbe;
    const key = `${s.service}.${s.color}`;
    if (!probe || this.traced.get(key) === probe.at) return;
    this.traced.set(key, probe.at);
    recordSpan('probe round', {
      start: new Date(probe.at),
      end: new Date(Math.max(Date.parse(s.at), Date.parse(probe.at))),
      attributes: {
        ...cutoverAttributes({ service: s.service, color: s.color, version: s.version ?? deployment.version, deploymentId: deployment.id }),
        'cutover.health.state': s.state,
        'cutover.probe.target': probe.target,
        'cutover.probe.ok': probe.ok,
        'cutover.probe.consecutive_failures': s.consecutiveFailures,
        ...(probe.latencyMs !== undefined ? { 'cutover.probe.latency_ms': probe.latencyMs } : {}),
      },
      parent: deploymentContext(deployment.id),
      error: probe.ok ? undefined : (probe.error ?? `status ${probe.status ?? 'unknown'}`),
    });
  }
}
