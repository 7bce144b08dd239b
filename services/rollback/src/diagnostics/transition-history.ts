// The health transitions of one color since a moment, read back from CUTOVER_EVENTS. The
// read stops at the message that was last when it began, so a color that keeps flapping
// cannot keep it going; a deadline bounds it in any case.
import { decode, streams, subjects, type Color, type HealthTransition } from '@cutover/contracts';
import type { Bus } from '@cutover/messaging';

const NO_MESSAGE = 10037;

export async function readTransitions(bus: Bus, service: string, color: Color, since: Date, deadlineMs: number): Promise<HealthTransition[]> {
  const filter = subjects.healthTransition(service, color);
  const lastId = await lastMessageId(bus, filter, since);
  if (lastId === null) return [];
  const found: HealthTransition[] = [];
  let reachedEnd!: () => void;
  const end = new Promise<void>((resolve) => (reachedEnd = resolve));
  const follower = await bus.follow(
    'healthTransition',
    async (env) => {
      found.push(env.data);
      if (env.id === lastId) reachedEnd();
    },
    { filter, startTime: since },
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([end, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
  } finally {
    clearTimeout(timer);
    await follower.stop();
  }
  return found;
}

/** Envelope id of the newest transition on the subject, or null when there is none since `since`. */
async function lastMessageId(bus: Bus, subject: string, since: Date): Promise<string | null> {
  const jsm = await bus.connection.jetstreamManager();
  try {
    const last = await jsm.streams.getMessage(streams.events.name, { last_by_subj: subject });
    if (last.time.getTime() < since.getTime()) return null;
    return decode('healthTransition', last.data).id;
  } catch (err) {
    if ((err as { api_error?: { err_code?: number } }).api_error?.err_code === NO_MESSAGE) return null;
    throw err;
  }
}
