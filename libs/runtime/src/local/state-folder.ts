// The local runtime's memory across agent restarts: one small file per environment that
// has processes, naming them precisely enough (pid and kernel start time) that the next
// agent can adopt them, or stop them, instead of leaving them orphaned.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { EnsureEnvironmentSchema, EnvironmentStateSchema, validate, type Color } from '@cutover/contracts';
import { RuntimeStateError } from '../errors';

const InstanceRecordSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  pid: Type.Integer({ minimum: 1 }),
  port: Type.Integer({ minimum: 1 }),
  startedAt: Type.String(),
  startTime: Type.Union([Type.String(), Type.Null()]),
  stderrFile: Type.String({ pattern: '^[^/]+$' }),
});

const EnvironmentRecordSchema = Type.Object({
  /** The request that started it: an ensure of the same spec after a restart changes nothing. */
  release: EnsureEnvironmentSchema,
  /** The state last reported: an adopted environment goes on from it. */
  state: EnvironmentStateSchema,
  /** Instances of the current release still running when the state was written. */
  instances: Type.Array(InstanceRecordSchema),
  /** Instances of a replaced release still being stopped. */
  retiring: Type.Array(InstanceRecordSchema),
});

export type EnvironmentRecord = Static<typeof EnvironmentRecordSchema>;

const SUFFIX = '.state.json';

export class StateFolder {
  private written = 0;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** A fresh stderr file name for an instance: unique, so a replaced release's file is not reused. */
  stderrFile(service: string, color: Color, index: number): string {
    return `${service}.${color}.${process.pid}-${Date.now().toString(36)}-${this.written++}.${index}.stderr`;
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  /** Atomic: a reader (or the next agent) sees the old record or the new one, never half of one. */
  write(record: EnvironmentRecord): void {
    const file = this.recordPath(record.state.service, record.state.color);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, JSON.stringify(record));
      renameSync(tmp, file);
    } catch (err) {
      throw new RuntimeStateError('write', file, err);
    }
  }

  remove(service: string, color: Color): void {
    rmSync(this.recordPath(service, color), { force: true });
  }

  removeFile(file: string): void {
    rmSync(join(this.dir, file), { force: true });
  }

  /** Deletes stderr and temporary files no record names: what instances that are gone left. */
  sweep(keep: ReadonlySet<string>): void {
    for (const name of readdirSync(this.dir)) {
      if ((name.endsWith('.stderr') || name.endsWith('.tmp')) && !keep.has(name)) this.removeFile(name);
    }
  }

  /** Every record in the folder; a file that cannot be read as one is reported and deleted. */
  read(onInvalid: (error: RuntimeStateError) => void): EnvironmentRecord[] {
    const records: EnvironmentRecord[] = [];
    for (const name of readdirSync(this.dir).filter((n) => n.endsWith(SUFFIX))) {
      const file = join(this.dir, name);
      try {
        records.push(validate(EnvironmentRecordSchema, JSON.parse(readFileSync(file, 'utf8')), `runtime state ${name}`));
      } catch (err) {
        onInvalid(new RuntimeStateError('read', file, err));
        rmSync(file, { force: true });
      }
    }
    return records;
  }

  private recordPath(service: string, color: Color): string {
    return join(this.dir, `${service}.${color}${SUFFIX}`);
  }
}
