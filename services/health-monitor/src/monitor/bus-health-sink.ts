// Where health goes: snapshots as plain pub/sub (the next one replaces a lost one) and into
// the health bucket for whoever reads rather than listens; transitions through JetStream,
// because the rollback service must not miss a degradation; warnings as notifications.
import { environmentKey, type Color, type HealthSnapshot, type HealthTransition, type Notification } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';
import type { Stores } from '../stores';
import type { HealthSink } from './watch-set';

export class BusHealthSink implements HealthSink {
  constructor(
    private readonly bus: Bus,
    private readonly stores: Stores,
  ) {}

  async snapshot(s: HealthSnapshot): Promise<void> {
    await Promise.all([
      this.bus.publish('healthSnapshot', [s.service, s.color], s),
      this.stores.health.put(environmentKey(s.service, s.color), s),
    ]);
  }

  async transition(t: HealthTransition): Promise<void> {
    await this.bus.publish('healthTransition', [t.service, t.color], t);
  }

  async warning(n: Notification): Promise<void> {
    await this.bus.publish('notification', [n.service], n);
  }

  async removed(service: string, color: Color): Promise<void> {
    await this.stores.health.delete(environmentKey(service, color));
  }
}
