// Request-reply to the runtime agent. Replies are RpcReply JSON: data, or an error with a
// code the caller can act on. Every operation served this way is idempotent, so a request
// that timed out is simply sent again, with the same envelope.
import type { Msg, MsgHdrs, NatsConnection } from 'nats';
import {
  CutoverError,
  decode,
  rpcError,
  rpcOk,
  validate,
  type Envelope,
  type MessageKey,
  type PayloadOf,
  type RpcReply,
} from '@cutover/contracts';
import type { TSchema } from '@sinclair/typebox';
import type { Logger } from '@cutover/observability';
import { withIncomingTraceContext } from '@cutover/tracing';
import type { Clock, MessageContext, Stoppable } from './api';
import type { Rejected } from './dead-letter';
import { RequestFailedError, RequestTimeoutError, RpcError } from './errors';
import { headersOf } from './headers';
import { isNoResponders, isTransient } from './nats-errors';

export type RpcHandler<K extends MessageKey> = (env: Envelope<PayloadOf<K>>, ctx: MessageContext) => Promise<unknown>;

export interface ServeDeps {
  nc: NatsConnection;
  log: Logger;
  clock: Clock;
  deadLetter: (r: Rejected) => Promise<void>;
}

export function serveRpc<K extends MessageKey>(
  deps: ServeDeps,
  key: K,
  subject: string,
  handler: RpcHandler<K>,
  consumer: string,
  queue: string,
): Stoppable {
  const log = deps.log.child({ serve: subject });
  const answer = async (msg: Msg): Promise<RpcReply<unknown>> => {
    const headers = headersOf(msg.headers);
    let env;
    try {
      env = decode(key, msg.data);
    } catch (error) {
      log.warn('invalid request', { err: error });
      await deps
        .deadLetter({ subject: msg.subject, consumer, error, data: msg.data, headers, receivedAt: deps.clock.now() })
        .catch((err: unknown) => log.error('cannot write dead letter', { err }));
      return rpcError('invalid_input', (error as Error).message);
    }
    try {
      const handled = withIncomingTraceContext(headers, env.deploymentId, () => handler(env, { subject: msg.subject, deliveryCount: 1, headers }));
      return rpcOk(await handled);
    } catch (err) {
      log.warn('request failed', { id: env.id, err });
      return err instanceof CutoverError ? rpcError(err.code, err.message) : rpcError('internal', String((err as Error)?.message ?? err));
    }
  };
  const sub = deps.nc.subscribe(subject, {
    queue,
    callback: (err, msg) => {
      if (err) return log.error('subscription error', { err });
      answer(msg)
        .then((reply) => msg.respond(Buffer.from(JSON.stringify(reply))))
        .catch((err: unknown) => log.error('cannot reply', { err }));
    },
  });
  return { stop: () => sub.drain() };
}

export interface RequestSettings<S extends TSchema> {
  timeoutMs: number;
  retries: number;
  replySchema?: S;
  headers?: MsgHdrs;
}

export async function requestRpc<T>(
  nc: NatsConnection,
  key: MessageKey,
  subject: string,
  bytes: Uint8Array,
  s: RequestSettings<TSchema>,
): Promise<T> {
  let last: unknown;
  for (let attempt = 1; attempt <= s.retries + 1; attempt++) {
    let reply: Msg;
    try {
      reply = await nc.request(subject, bytes, { timeout: s.timeoutMs, headers: s.headers });
    } catch (err) {
      if (!isTransient(err)) throw new RequestFailedError(subject, { cause: err });
      last = err;
      // No responder answers at once; give a restarting responder a moment to come back.
      if (isNoResponders(err)) await new Promise((resolve) => setTimeout(resolve, Math.min(s.timeoutMs, 500)));
      continue;
    }
    return parseReply<T>(key, subject, reply.data, s.replySchema);
  }
  throw new RequestTimeoutError(subject, s.retries + 1, s.timeoutMs, { cause: last });
}

function parseReply<T>(key: MessageKey, subject: string, data: Uint8Array, schema: TSchema | undefined): T {
  let reply: unknown;
  try {
    reply = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    throw new RpcError('malformed_reply', `reply on ${subject} is not JSON`, subject);
  }
  const r = reply as Partial<{ ok: boolean; data: unknown; error: { code?: unknown; message?: unknown } }>;
  if (r?.ok === true) return (schema ? validate(schema, r.data, `reply to ${key}`) : r.data) as T;
  if (r?.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string') {
    throw new RpcError(r.error.code, r.error.message, subject);
  }
  throw new RpcError('malformed_reply', `reply on ${subject} is not an RpcReply`, subject);
}
