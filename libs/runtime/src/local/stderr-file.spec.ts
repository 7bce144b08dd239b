import { appendFileSync, closeSync, existsSync, mkdtempSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineTail } from './line-tail';
import { openStderrFile, StderrFollower } from './stderr-file';

describe('StderrFollower', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cutover-stderr-spec-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows what the child appends, a character split across writes included, and deletes the file at the end', () => {
    const path = join(dir, 'x.stderr');
    const fd = openStderrFile(path);
    const tail = new LineTail(10, 100);
    const follower = new StderrFollower(path, tail, 'start');
    const euro = Buffer.from('€\n');
    writeSync(fd, Buffer.concat([Buffer.from('one\n'), euro.subarray(0, 1)]));
    follower.catchUp();
    writeSync(fd, euro.subarray(1));
    follower.finish();
    closeSync(fd);
    expect(tail.snapshot()).toEqual(['one', '€']);
    expect(existsSync(path)).toBe(false);
  });

  it('empties a file grown past its bound once read, and goes on reading at its new end', () => {
    const path = join(dir, 'big.stderr');
    const fd = openStderrFile(path);
    const tail = new LineTail(2, 100);
    const follower = new StderrFollower(path, tail, 'start');
    writeSync(fd, `${'x'.repeat(80)}\n`.repeat(20_000));
    follower.catchUp();
    expect(statSync(path).size).toBe(0);
    writeSync(fd, 'after\n');
    follower.catchUp();
    expect(tail.snapshot()).toEqual(['x'.repeat(80), 'after']);
    follower.finish();
    closeSync(fd);
  });

  it('starts an adopted instance with the end of what it wrote before', () => {
    const path = join(dir, 'adopted.stderr');
    appendFileSync(path, 'early\n'.repeat(20_000) + 'latest\n');
    const tail = new LineTail(1, 100);
    const follower = new StderrFollower(path, tail, 'backlog');
    follower.catchUp();
    expect(tail.snapshot()).toEqual(['latest']);
    follower.finish();
  });
});
