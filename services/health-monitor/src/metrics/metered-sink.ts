// The health gauge follows what the monitor sends out: every snapshot and transition sets
// the environment's state, and an environment no longer watched drops its series.
import type { Color, HealthSnapshot, HealthTransition, Notification } from '@cutover/contracts';
import { clearHealthState, setHealthState, type CutoverMetrics } from '@cutover/metrics';
import type { HealthSink } from '../monitor/watch-set';

export class MeteredSink implements HealthSink {
  constructor(
    private readonly inner: HealthSink,
    private readonly metrics: CutoverMetrics,
  ) {}

  async snapshot(s: HealthSnapshot): Promise<void> {
    setHealthState(this.metrics, s.service, s.color, s.state);
    await this.inner.snapshot(s);
  }

  async transition(t: HealthTransition): Promise<void> {
    setHealthState(this.metrics, t.service, t.color, t.to);
    await this.inner.transition(t);
  }

  async removed(service: string, color: Color): Promise<void> {
    clearHealthState(this.metrics, service, color);
    await this.inner.removed(service, color);
  }

  warning(notification: Notification): Promise<void> {
    return this.inner.warning(notification);
  }
}
