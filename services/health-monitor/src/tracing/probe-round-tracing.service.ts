// Which environments belong to a running deployment, for the probe-round spans: the
// services bucket names each service's active deployment, whose record gives the color it
// brings up. Watched only when this process exports traces.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Color, DeploymentRecord, ServiceState } from '@cutover/contracts';
import { BUS, type Bus, type KvChange, type Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { LOGGER } from '@cutover/service-kit';
import { tracingActive } from '@cutover/tracing';
import type { HealthSink } from '../monitor/watch-set';
import { DeploymentRecordMissingError } from './errors';
import { TracedHealthSink, type RunningDeployment } from './traced-health-sink';

const RECORD_ATTEMPTS = 20;
const RECORD_RETRY_MS = 250;

interface Running extends RunningDeployment {
  color: Color;
}

@Injectable()
export class ProbeRoundTracing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly running = new Map<string, Running>();
  private readonly wanted = new Map<string, string>();
  private watch: Stoppable | null = null;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  /** The sink itself when tracing is off: nothing to look up, nothing to record. */
  wrap(sink: HealthSink): HealthSink {
    return tracingActive() ? new TracedHealthSink(sink, (service, color) => this.deploymentOf(service, color)) : sink;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!tracingActive()) return;
    const { services } = this.bus.stores('services');
    this.watch = await services.watch('>', (change) => void this.onService(change));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watch?.stop();
  }

  private deploymentOf(service: string, color: Color): RunningDeployment | null {
    const d = this.running.get(service);
    return d && d.color === color ? d : null;
  }

  private async onService(change: KvChange<ServiceState>): Promise<void> {
    const service = change.key;
    const id = 'value' in change ? change.value.activeDeploymentId : null;
    if (!id) {
      this.wanted.delete(service);
      this.running.delete(service);
      return;
    }
    if (this.running.get(service)?.id === id) return;
    this.running.delete(service);
    this.wanted.set(service, id);
    try {
      const record = await this.readRecord(service, id);
      if (record) this.running.set(service, { id, color: record.toColor, version: record.version });
    } catch (err) {
      this.log.warn('deployment of a service unknown to probe-round traces', { service, deployment: id, err });
    }
  }

  /**
   * The orchestrator takes the service's lock before it writes the record, so the record
   * may not exist yet when the lock is seen; null when a later change replaced the deployment.
   */
  private async readRecord(service: string, id: string): Promise<DeploymentRecord | null> {
    const { deployments } = this.bus.stores('deployments');
    for (let attempt = 1; this.wanted.get(service) === id; attempt++) {
      const entry = await deployments.get(id);
      if (entry) return this.wanted.get(service) === id ? entry.value : null;
      if (attempt >= RECORD_ATTEMPTS) throw new DeploymentRecordMissingError(id);
      await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
    }
    return null;
  }
}
