// A pid alone does not name a process: after an agent restart the pid it recorded may
// belong to something else. The kernel's start time (clock ticks after boot, field 22 of
// /proc/PID/stat) does, together with the pid. Linux only: elsewhere nothing matches,
// so nothing is adopted and nothing is killed.
import { readFileSync } from 'node:fs';

// Field 22 counted from the state field (field 3), the first one after the command name.
const START_TIME_AFTER_STATE = 22 - 3;

/** The kernel start time of pid; null when it is gone, a zombie or not readable. */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return startTimeOf(stat);
}

/** The start time in the text of /proc/PID/stat; null for a zombie. */
export function startTimeOf(stat: string): string | null {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z') return null;
  return fields[START_TIME_AFTER_STATE] ?? null;
}

/** True while pid is still the process that was recorded with startTime. */
export function isSameProcess(pid: number, startTime: string | null): boolean {
  return startTime !== null && processStartTime(pid) === startTime;
}
