// Binds Nest's @EventPattern / @MessagePattern handlers to the Bus: an event pattern (a
// message key of the catalog) gets a durable JetStream consumer, or a plain subscription
// for core telemetry types; a message pattern gets a request-reply responder.
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CutoverError, Messages, type MessageKey, type MessageType } from '@cutover/contracts';
import type { ConsumeOptions, MessageContext, Stoppable } from '../api';
import type { Bus } from '../bus';
import { RpcError, TransportEventsUnsupportedError, UnknownPatternError, WrongTransportError } from '../errors';
import { CutoverContext } from './cutover-context';

export interface CutoverTransportOptions {
  bus: Bus;
  /** Durable names are `<prefix>-<message-key>`, e.g. orchestrator-release; also the queue group. */
  durablePrefix: string;
  /** Settings for every durable consumer this transport creates. */
  consume?: Omit<ConsumeOptions, 'durable' | 'filter'>;
}

/** Per-handler settings: `@EventPattern('release', { durable: 'orchestrator-releases' })`. */
export interface CutoverPatternExtras {
  durable?: string;
  filter?: string;
  /** See ConsumeOptions.startAt. */
  startAt?: 'first' | 'new';
}

export const CUTOVER_TRANSPORT = Symbol.for('cutover.messaging.transport');

export class CutoverTransport extends Server implements CustomTransportStrategy {
  override readonly transportId = CUTOVER_TRANSPORT;
  private readonly bound: Stoppable[] = [];

  constructor(private readonly options: CutoverTransportOptions) {
    super();
  }

  listen(callback: (err?: unknown) => void): void {
    this.bindAll().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  /** Stops the consumers; the Bus itself belongs to whoever connected it. */
  async close(): Promise<void> {
    const bound = this.bound.splice(0);
    await Promise.all(bound.map((s) => s.stop()));
  }

  on(): never {
    throw new TransportEventsUnsupportedError();
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  private async bindAll(): Promise<void> {
    for (const [pattern, handler] of this.getHandlers()) {
      if (!(pattern in Messages)) throw new UnknownPatternError(pattern);
      const key = pattern as MessageKey;
      this.bound.push(await (handler.isEventHandler ? this.bindEvent(key, handler) : this.bindMessage(key, handler)));
    }
  }

  private async bindEvent(key: MessageKey, handler: MessageHandler): Promise<Stoppable> {
    const { bus, durablePrefix } = this.options;
    const extras = (handler.extras ?? {}) as CutoverPatternExtras;
    const run = async (env: unknown, ctx: MessageContext) => {
      // Nest's exception filters turn a throw into an erroring Observable; awaiting it
      // rethrows, so the consumer naks and JetStream redelivers.
      await lastValueFrom(this.transformToObservable(await handler(env, new CutoverContext([ctx]))), { defaultValue: undefined });
    };
    const transport = (Messages[key] as MessageType).transport;
    if (transport === 'core') return bus.subscribe(key, extras.filter, run, { consumer: durablePrefix });
    if (transport !== 'jetstream') throw new WrongTransportError(key, transport, '@EventPattern');
    const durable = extras.durable ?? `${durablePrefix}-${kebab(key)}`;
    return bus.consume(key, run, { ...this.options.consume, durable, filter: extras.filter, ...(extras.startAt ? { startAt: extras.startAt } : {}) });
  }

  private async bindMessage(key: MessageKey, handler: MessageHandler): Promise<Stoppable> {
    return this.options.bus.serve(
      key,
      async (env, ctx) => {
        try {
          return await lastValueFrom(this.transformToObservable(await handler(env, new CutoverContext([ctx]))), { defaultValue: undefined });
        } catch (err) {
          throw asCodedError(err, ctx.subject);
        }
      },
      { queue: this.options.durablePrefix },
    );
  }
}

/**
 * Nest hands errors over as plain objects: `{ code, message }` from CutoverErrorFilter or an
 * RpcException, `{ status: 'error', message }` from its default filter.
 */
function asCodedError(err: unknown, subject: string): unknown {
  if (err instanceof CutoverError || typeof err !== 'object' || err === null) return err;
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : 'handler failed';
  return new RpcError(typeof e.code === 'string' ? e.code : 'internal', message, subject);
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
