// Children run in their own process groups, so a Ctrl-C in the terminal reaches only the
// CLI, which then stops them in order. The price is that they would outlive a CLI killed
// with SIGKILL. This small shell reads "add PGID" / "del PGID" lines on stdin; when the
// pipe closes (which the kernel does however the CLI dies) it kills every group still listed.
import { spawn, type ChildProcess } from 'node:child_process';

const SCRIPT = [
  'gs=" "',
  'while read op g; do',
  '  case "$op" in',
  '    add) gs="$gs$g " ;;',
  '    del) gs=$(printf %s "$gs" | sed "s/ $g / /") ;;',
  '  esac',
  'done',
  'for g in $gs; do kill -KILL -"$g" 2>/dev/null; done',
].join('\n');

export class Watchdog {
  private readonly proc: ChildProcess;

  constructor() {
    // Detached: a terminal's SIGINT to the CLI's group must not end the watchdog first.
    this.proc = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    this.proc.on('error', () => undefined);
    this.proc.stdin!.on('error', () => undefined);
    // It must never be what keeps the CLI (or a test runner using startStack) alive.
    this.proc.unref();
    (this.proc.stdin as unknown as { unref(): void }).unref();
  }

  watch(pgid: number): void {
    this.proc.stdin!.write(`add ${pgid}\n`);
  }

  forget(pgid: number): void {
    this.proc.stdin!.write(`del ${pgid}\n`);
  }

  /** Called once every child is stopped: nothing is left for it to kill. */
  dismiss(): void {
    if (this.proc.exitCode === null && this.proc.pid) {
      try {
        process.kill(this.proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.proc.stdin!.destroy();
  }
}
