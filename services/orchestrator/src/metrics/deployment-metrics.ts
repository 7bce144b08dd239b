// Deployment metrics from the phase changes this orchestrator publishes: phase durations
// and the outcomes it decides (Succeeded, Failed, Aborted). RolledBack is the rollback
// service's to count, as it publishes that change.
import type { OnModuleDestroy } from '@nestjs/common';
import type { Bus } from '@cutover/messaging';
import { recordPhaseChange, type CutoverMetrics } from '@cutover/metrics';

export class DeploymentMetrics implements OnModuleDestroy {
  private readonly stop: () => void;

  constructor(bus: Pick<Bus, 'onPublished'>, metrics: CutoverMetrics) {
    this.stop = bus.onPublished('deploymentEvent', (env) => recordPhaseChange(metrics, env.data.deployment, env.data.previousPhase));
  }

  onModuleDestroy(): void {
    this.stop();
  }
}
