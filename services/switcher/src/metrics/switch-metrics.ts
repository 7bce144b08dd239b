// Switch metrics from the results this switcher publishes: every switch carried out, by
// router kind and result, and the duration of the successful ones (router call and
// read-back included, as the result reports it).
import type { OnModuleDestroy } from '@nestjs/common';
import type { CutoverConfig } from '@cutover/config';
import type { SwitchResult } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { CutoverMetrics } from '@cutover/metrics';

/** local, kubernetes-label or kubernetes-namespace: the router the switcher runs. */
export function routerKind(runtime: CutoverConfig['runtime']): string {
  return runtime.kind === 'kubernetes' ? `kubernetes-${runtime.mode}` : 'local';
}

export function recordSwitch(metrics: CutoverMetrics, router: string, result: SwitchResult): void {
  metrics.switches.inc({ router, result: result.ok ? 'ok' : 'failed' });
  if (result.ok) metrics.switchDuration.observe({ router }, result.durationMs / 1000);
}

export class SwitchMetrics implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(bus: Pick<Bus, 'onPublished'>, metrics: CutoverMetrics, config: CutoverConfig) {
    const router = routerKind(config.runtime);
    this.stop = bus.onPublished('switchResult', (env) => recordSwitch(metrics, router, env.data));
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
