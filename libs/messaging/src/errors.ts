// The failures a caller of the Bus can meet, one class each; the NATS error that caused
// one is kept as `cause`.
import { CutoverError } from '@cutover/contracts';

/** The first connection to NATS could not be made in time: the process should exit. */
export class NatsUnreachableError extends CutoverError {
  constructor(servers: string, timeoutMs: number, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('nats_unreachable', `could not connect to NATS at ${servers} within ${timeoutMs} ms${reason}`, options);
  }
}

/** NATS refused our credentials; retrying cannot help. */
export class NatsAuthError extends CutoverError {
  constructor(servers: string, options?: { cause?: unknown }) {
    super('nats_auth', `NATS at ${servers} refused the credentials`, options);
  }
}

/** The TLS handshake with NATS failed (unknown CA, wrong host name, unreadable file); retrying cannot help. */
export class NatsTlsError extends CutoverError {
  constructor(servers: string, options?: { cause?: unknown }) {
    // The cause is Node's TLS error, possibly of another realm: read its message, do not test its class.
    const message = (options?.cause as { message?: unknown } | undefined)?.message;
    const reason = typeof message === 'string' ? `: ${message}` : '';
    super('nats_tls', `TLS with NATS at ${servers} failed${reason}`, options);
  }
}

/** A compare-and-set on a KV key lost: the key exists (create) or moved on (update). */
export class KvConflictError extends CutoverError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    expected: string,
    options?: { cause?: unknown },
  ) {
    super('conflict', `${bucket}/${key}: expected ${expected}, but it changed`, options);
  }
}

/** A request-reply handler answered with an error; `code` is the responder's code. */
export class RpcError extends CutoverError {
  constructor(
    code: string,
    message: string,
    readonly subject: string,
  ) {
    super(code, message);
  }
}

export class RequestTimeoutError extends CutoverError {
  constructor(subject: string, attempts: number, timeoutMs: number, options?: { cause?: unknown }) {
    super('timeout', `no reply on ${subject} after ${attempts} attempt(s) of ${timeoutMs} ms`, options);
  }
}

/** JetStream did not acknowledge a publish before the deadline. */
export class PublishFailedError extends CutoverError {
  constructor(subject: string, reason: string, options?: { cause?: unknown }) {
    super('publish_failed', `publish to ${subject} failed: ${reason}`, options);
  }
}

/** A stream, consumer or bucket exists with a configuration we cannot converge to. */
export class TopologyError extends CutoverError {
  constructor(what: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('topology', `cannot set up ${what}${reason}`, options);
  }
}

/** A message key used where its transport does not fit (e.g. consume() on a core subject). */
export class WrongTransportError extends CutoverError {
  constructor(key: string, transport: string, wanted: string) {
    super('wrong_transport', `message ${key} travels over ${transport}, not ${wanted}`);
  }
}

/** A request could not be sent at all (e.g. the connection is closed). */
export class RequestFailedError extends CutoverError {
  constructor(subject: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('request_failed', `request on ${subject} failed${reason}`, options);
  }
}

/** A handler kept failing until JetStream's delivery limit; the message is dead-lettered. */
export class HandlerFailedError extends CutoverError {
  constructor(consumer: string, deliveries: number, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('handler_failed', `consumer ${consumer} failed ${deliveries} time(s)${reason}`, options);
  }
}

/** A KV operation failed for a reason other than a lost compare-and-set. */
export class KvOperationError extends CutoverError {
  constructor(bucket: string, key: string, op: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super('kv_failed', `${op} ${bucket}/${key} failed${reason}`, options);
  }
}

/** A Nest handler is bound to a pattern that is not a message key of the catalog. */
export class UnknownPatternError extends CutoverError {
  constructor(pattern: string) {
    super('unknown_pattern', `pattern ${pattern} is not a message key of @cutover/contracts`);
  }
}

/** The Nest transport has no events of its own; connection events are logged by the Bus. */
export class TransportEventsUnsupportedError extends CutoverError {
  constructor() {
    super('unsupported', 'CutoverTransport emits no events; the Bus logs connection status');
  }
}
