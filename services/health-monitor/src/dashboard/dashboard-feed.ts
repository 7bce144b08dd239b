// One set of NATS subscriptions per health-monitor process, fanned out to every open page:
// JetStream events are followed from "now" (the page reads the past from KV first), health
// snapshots come from plain pub/sub.
import type { Bus, Stoppable } from '@cutover/messaging';
import type { Logger } from '@cutover/observability';
import { fromDeployment, fromEnvironment, fromNotification, fromSnapshot, fromSwitch, fromTransition } from './to-dashboard-event';
import type { DashboardEvent } from './view-model';

export type FeedListener = (event: DashboardEvent) => void;

export class DashboardFeed {
  private readonly listeners = new Set<FeedListener>();
  private subscriptions: Stoppable[] = [];

  constructor(
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const emit = async (event: DashboardEvent) => this.emit(event);
    this.subscriptions = await Promise.all([
      this.bus.follow('deploymentEvent', async (m) => emit(fromDeployment(m.data))),
      this.bus.follow('switchResult', async (m) => emit(fromSwitch(m.data, m.time))),
      this.bus.follow('healthTransition', async (m) => emit(fromTransition(m.data))),
      this.bus.follow('environmentEvent', async (m) => emit(fromEnvironment(m.data))),
      this.bus.follow('notification', async (m) => emit(fromNotification(m.data, m.time))),
      this.bus.subscribe('healthSnapshot', undefined, async (m) => emit(fromSnapshot(m.data))),
    ]);
  }

  /** Returns the way to stop listening. */
  listen(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(subscriptions.map((s) => s.stop()));
  }

  private emit(event: DashboardEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // One broken page must not starve the others.
        this.log.warn('dashboard listener failed', { kind: event.kind, err });
      }
    }
  }
}
