// What a process holds, read from outside through /proc (Linux): resident memory, open file
// descriptors, children; and which processes carry a given environment variable, so the
// applications a run started are found even if their parent lost track of them.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessSample {
  pid: number;
  rssMiB: number;
  fds: number;
  children: number;
}

const pids = (): number[] => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process ended between listing and reading: it simply is not there.
    return null;
  }
}

/** The parent pid, from /proc/PID/stat (the field after the parenthesised command name). */
function parentOf(pid: number): number | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** null when the process is gone. */
export function sampleProcess(pid: number): ProcessSample | null {
  const status = readOrNull(`/proc/${pid}/status`);
  if (!status) return null;
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  let fds = 0;
  try {
    fds = readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
  const children = pids().filter((p) => parentOf(p) === pid).length;
  return { pid, rssMiB: rssKiB / 1024, fds, children };
}

/** Live processes whose environment holds NAME=VALUE exactly. */
export function processesWithEnv(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  return pids().filter((pid) => {
    const environ = readOrNull(`/proc/${pid}/environ`);
    return environ !== null && environ.split('\0').includes(wanted) && readOrNull(`/proc/${pid}/status`)?.includes('State:\tZ') !== true;
  });
}

/** nodejs_heap_size_used_bytes from a Cutover process's /metrics, in MiB; null without it. */
export async function heapUsedMiB(baseUrl: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const m = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(text);
    return m ? Number(m[1]) / 2 ** 20 : null;
  } catch {
    return null;
  }
}
