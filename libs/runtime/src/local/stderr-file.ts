// An instance writes its stderr to a file, not a pipe: a pipe breaks when the agent dies
// (the instance then dies of EPIPE on its next write), a file outlives the agent and lets
// the next agent read the same tail.
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { LineTail } from './line-tail';

const POLL_MS = 100;
// Beyond this the file is emptied once everything in it has been read: the tail is all
// that is kept of it anyway. The child appends (O_APPEND), so it writes at the new end; what
// it writes between the last read and the truncation is lost, a fair price for a bounded file.
const MAX_FILE_BYTES = 1024 * 1024;
// An adopted instance's tail starts with this much of what it wrote before.
const ADOPTED_BACKLOG_BYTES = 64 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** Empties (or creates) the file and opens it for appending: the child's stderr. */
export function openStderrFile(path: string): number {
  // The state folder may have been cleaned away under a long-running agent.
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  return openSync(path, 'a');
}

/** Follows an instance's stderr file into a LineTail until the instance is gone. */
export class StderrFollower {
  private readonly fd: number;
  private offset = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  // A read may end inside a multi-byte character.
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    readonly path: string,
    private readonly tail: LineTail,
    from: 'start' | 'backlog',
  ) {
    // Created when missing (an adopted instance whose file was deleted): the tail is then empty.
    this.fd = openSync(path, 'a+');
    if (from === 'backlog') this.offset = Math.max(0, fstatSync(this.fd).size - ADOPTED_BACKLOG_BYTES);
    this.timer = setInterval(() => this.catchUp(), POLL_MS);
    this.timer.unref();
  }

  /** Reads what is left, stops following and deletes the file. */
  finish(): void {
    if (this.closed) return;
    this.catchUp();
    this.closed = true;
    clearInterval(this.timer);
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }

  /** Reads what was written since the last read; nothing once finished. */
  catchUp(): void {
    if (this.closed) return;
    const size = fstatSync(this.fd).size;
    if (size < this.offset) this.offset = 0;
    if (this.offset >= size) return;
    const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, size - this.offset));
    while (this.offset < size) {
      const n = readSync(this.fd, buffer, 0, buffer.length, this.offset);
      if (n === 0) break;
      this.offset += n;
      this.tail.push(this.decoder.write(buffer.subarray(0, n)));
    }
    if (this.offset > MAX_FILE_BYTES && fstatSync(this.fd).size === this.offset) {
      ftruncateSync(this.fd, 0);
      this.offset = 0;
    }
  }
}
