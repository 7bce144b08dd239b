// A JetStream publish returns only after the PubAck: the message is stored. While NATS is
// away (reconnecting, or JetStream still recovering after a restart) the same message is
// sent again with the same Nats-Msg-Id, which the stream stores once.
import type { JetStreamClient, MsgHdrs, PubAck } from 'nats';
import { PublishFailedError } from './errors';
import { isTransient } from './nats-errors';

const ATTEMPT_TIMEOUT_MS = 5000;

export async function publishDurably(
  js: JetStreamClient,
  subject: string,
  bytes: Uint8Array,
  msgID: string,
  deadlineMs: number,
  headers?: MsgHdrs,
): Promise<PubAck> {
  const deadline = Date.now() + deadlineMs;
  let pause = 100;
  for (;;) {
    const left = deadline - Date.now();
    try {
      return await js.publish(subject, bytes, { msgID, headers, timeout: Math.max(100, Math.min(left, ATTEMPT_TIMEOUT_MS)) });
    } catch (cause) {
      if (!isTransient(cause)) throw new PublishFailedError(subject, (cause as Error).message, { cause });
      if (Date.now() + pause >= deadline) {
        throw new PublishFailedError(subject, `no acknowledgement within ${deadlineMs} ms`, { cause });
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 1000);
    }
  }
}
