// Encoding and validation at the edge: every message that enters a service goes through
// decode(), which either returns a typed envelope or throws one of the named errors.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { envelopeSchema, newMessageId, type Envelope, type EnvelopeOptions } from './envelope';
import {
  MalformedMessageError,
  UnknownMessageTypeError,
  UnsupportedVersionError,
  ValidationError,
  type FieldProblem,
} from './errors';
import { Messages, type MessageKey, type MessageType, type PayloadOf } from './messages';

/** Largest message Cutover accepts; bigger ones are dead-lettered unread. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

const envelopeValidators = new Map<string, ValidateFunction>();
const schemaValidators = new WeakMap<TSchema, ValidateFunction>();

function envelopeValidator(m: MessageType): ValidateFunction {
  let v = envelopeValidators.get(m.type);
  if (!v) {
    v = ajv.compile(envelopeSchema(m.type, m.version, m.schema));
    envelopeValidators.set(m.type, v);
  }
  return v;
}

export function toProblems(errors: ErrorObject[] | null | undefined): FieldProblem[] {
  return (errors ?? []).map((e) => {
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: `${e.instancePath}/${extra}`, message: 'is not a known field' };
    }
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: `${e.instancePath}/${missing}`, message: 'is required' };
    }
    return { path: e.instancePath, message: e.message ?? e.keyword };
  });
}

/** Validate a plain value against a schema; throws ValidationError naming every bad field. */
export function validate<S extends TSchema>(schema: S, value: unknown, what: string): Static<S> {
  let v = schemaValidators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    schemaValidators.set(schema, v);
  }
  if (!v(value)) throw new ValidationError(what, toProblems(v.errors));
  return value as Static<S>;
}

export function encode<K extends MessageKey>(key: K, data: PayloadOf<K>, opts: EnvelopeOptions): Envelope<PayloadOf<K>> {
  const m = Messages[key] as MessageType;
  const id = opts.id ?? newMessageId();
  const env: Envelope<PayloadOf<K>> = {
    id,
    type: m.type,
    version: m.version,
    time: (opts.now ?? new Date()).toISOString(),
    source: opts.source,
    correlationId: opts.correlationId ?? id,
    ...(opts.deploymentId ? { deploymentId: opts.deploymentId } : {}),
    data,
  };
  // Our own output is checked too: a bug here must fail loudly at the sender.
  const v = envelopeValidator(m);
  if (!v(env)) throw new ValidationError(`${m.type} (outgoing)`, toProblems(v.errors));
  return env;
}

export function serialize(env: Envelope<unknown>): Uint8Array {
  return Buffer.from(JSON.stringify(env));
}

/** Parse and validate bytes as a message of the given type. */
export function decode<K extends MessageKey>(key: K, bytes: Uint8Array | string): Envelope<PayloadOf<K>> {
  const m = Messages[key] as MessageType;
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > MAX_MESSAGE_BYTES) throw new MalformedMessageError(`${size} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`);
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new MalformedMessageError(`not JSON (${(cause as Error).message})`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedMessageError('expected a JSON object envelope');
  }
  const rec = value as Record<string, unknown>;
  if (rec.type !== m.type) throw new UnknownMessageTypeError(rec.type, m.type);
  if (rec.version !== m.version) throw new UnsupportedVersionError(m.type, rec.version, [m.version]);
  const v = envelopeValidator(m);
  if (!v(value)) throw new ValidationError(m.type, toProblems(v.errors));
  return value as Envelope<PayloadOf<K>>;
}
