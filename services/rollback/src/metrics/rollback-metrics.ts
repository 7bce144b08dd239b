// Rollback metrics from the phase changes this service publishes: a rollback starting
// (RollingBack, automatic or requested), its outcome (RolledBack, or Failed when traffic
// could not go back), the time from the first fault to traffic back, and the time spent
// in Monitoring and RollingBack.
import type { OnModuleDestroy } from '@nestjs/common';
import type { Bus } from '@cutover/messaging';
import { recordPhaseChange, type CutoverMetrics } from '@cutover/metrics';

export class RollbackMetrics implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(bus: Pick<Bus, 'onPublished'>, metrics: CutoverMetrics) {
    this.stop = bus.onPublished('deploymentEvent', (env) => recordPhaseChange(metrics, env.data.deployment, env.data.previousPhase));
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
