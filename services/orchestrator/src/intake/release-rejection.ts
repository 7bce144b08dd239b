// A refused release is put on record: a releaseRejected event in the events stream, keyed by
// the command's id, so its publisher (waiting or not) and anyone later can find the verdict.
import type { Envelope, ReleaseCommand } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';

export async function recordRejection(bus: Bus, cmd: Envelope<ReleaseCommand>, refusal: { code: string; message: string }): Promise<void> {
  await bus.publish(
    'releaseRejected',
    [],
    { requestId: cmd.id, service: cmd.data.service, version: cmd.data.version, code: refusal.code, reason: refusal.message },
    // Derived from the command's id: a redelivered command is refused once on record.
    { id: `${cmd.id}.rejected`, correlationId: cmd.id },
  );
}
