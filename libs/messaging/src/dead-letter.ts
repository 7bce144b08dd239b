// A message we cannot process becomes a dead-letter record on cutover.dlq.<consumer>,
// so it never disappears silently and never crashes or blocks the consumer.
import { CutoverError, type DeadLetter } from '@cutover/contracts';

export const DEAD_LETTER_RAW_LIMIT = 64 * 1024;

export interface Rejected {
  subject: string;
  consumer: string;
  error: unknown;
  data: Uint8Array;
  headers: Record<string, string>;
  receivedAt: Date;
  /** Known when the message decoded (its handler failed): the record joins its chain. */
  origin?: { correlationId: string; deploymentId?: string };
}

export function deadLetterRecord(r: Rejected): DeadLetter {
  const bytes = Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength);
  const truncated = bytes.byteLength > DEAD_LETTER_RAW_LIMIT;
  return {
    subject: r.subject,
    consumer: r.consumer,
    code: r.error instanceof CutoverError ? r.error.code : 'internal',
    reason: r.error instanceof Error ? r.error.message : String(r.error),
    receivedAt: r.receivedAt.toISOString(),
    // A cut may split a multi-byte character; the decoder then shows U+FFFD, which is fine
    // for a record meant for humans.
    raw: bytes.subarray(0, DEAD_LETTER_RAW_LIMIT).toString('utf8'),
    truncated,
    headers: r.headers,
  };
}
