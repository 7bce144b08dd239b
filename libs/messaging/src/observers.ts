// Hooks for whoever watches the bus from outside, such as a process's metrics: what this
// process published and what happened to its connection. Plain callbacks, so messaging
// depends on no metrics library; a throwing observer is logged and never fails a publish.
import type { Envelope, MessageKey, PayloadOf } from '@cutover/contracts';
import type { Logger } from '@cutover/observability';

export type ConnectionEvent = 'disconnect' | 'reconnect' | 'error';

type Published = (key: MessageKey, env: Envelope<unknown>) => void;

export class BusObservers {
  private readonly published = new Set<Published>();
  private readonly connection = new Set<(event: ConnectionEvent) => void>();

  constructor(private readonly log: Logger) {}

  onPublished<K extends MessageKey>(key: K, fn: (env: Envelope<PayloadOf<K>>) => void): () => void {
    const listener: Published = (k, env) => {
      if (k === key) fn(env as Envelope<PayloadOf<K>>);
    };
    this.published.add(listener);
    return () => this.published.delete(listener);
  }

  onConnectionEvent(fn: (event: ConnectionEvent) => void): () => void {
    this.connection.add(fn);
    return () => this.connection.delete(fn);
  }

  notifyPublished(key: MessageKey, env: Envelope<unknown>): void {
    for (const fn of this.published) this.safely(() => fn(key, env));
  }

  notifyConnection(event: ConnectionEvent): void {
    for (const fn of this.connection) this.safely(() => fn(event));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.warn('bus observer failed', { err });
    }
  }
}
