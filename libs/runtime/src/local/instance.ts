import type { InstanceExit } from '@cutover/contracts';

export interface InstanceInfo {
  instance: number;
  pid: number | null;
  port: number;
  startedAt: string;
  alive: boolean;
}

/** What the state folder keeps of a running instance, so that a restarted agent finds it again. */
export interface InstanceRecord {
  index: number;
  /** Also its process group: every instance leads its own. */
  pid: number;
  port: number;
  startedAt: string;
  /** Kernel start time of pid (see process-identity.ts): a recycled pid does not match it. */
  startTime: string | null;
  /** Name of its stderr file in the state folder. */
  stderrFile: string;
}

/** One process of an environment: spawned by this runtime, or adopted from a previous one. */
export interface Instance {
  readonly spec: { index: number; port: number };
  readonly pid: number | null;
  readonly alive: boolean;
  /** Its last stderr lines, up to what it has written by now. */
  stderrTail(): string[];
  readonly exited: Promise<InstanceExit>;
  /** Set when the process could not be started at all (e.g. command not found). */
  readonly spawnError: Error | null;
  info(): InstanceInfo;
  /** Null once it is gone or when it never ran. */
  record(): InstanceRecord | null;
  /** SIGTERM to the group, SIGKILL after graceMs; the exit is recorded as expected. */
  stop(graceMs: number): Promise<InstanceExit>;
}
