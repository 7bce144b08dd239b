import { randomUUID } from 'node:crypto';
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const ENVELOPE_VERSION_FIELD = 'version';

/** The envelope around every message; `data` is the versioned payload. */
export const envelopeSchema = <T extends TSchema>(type: string, version: number, data: T) =>
  Type.Object(
    {
      id: Type.String({ minLength: 1, maxLength: 128, description: 'unique message id, also the idempotency key' }),
      type: Type.Literal(type),
      version: Type.Literal(version),
      time: Type.String({ format: 'date-time' }),
      source: Type.String({ minLength: 1, maxLength: 128, description: 'who published it: orchestrator, cli, ...' }),
      correlationId: Type.String({ minLength: 1, maxLength: 128, description: 'ties together every message caused by one request' }),
      deploymentId: Type.Optional(Type.String({ maxLength: 128 })),
      data,
    },
    { additionalProperties: false },
  );

export interface Envelope<T> {
  id: string;
  type: string;
  version: number;
  time: string;
  source: string;
  correlationId: string;
  deploymentId?: string;
  data: T;
}

export type EnvelopeOf<S extends TSchema> = Envelope<Static<S>>;

export interface EnvelopeOptions {
  source: string;
  /** Defaults to the new message's id (a message that starts a chain). */
  correlationId?: string;
  deploymentId?: string;
  id?: string;
  now?: Date;
}

export function newMessageId(): string {
  return randomUUID();
}
