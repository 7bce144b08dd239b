// Runs the probe rounds of every watched environment from one timer: rounds are kept in a
// queue by due time, first rounds are spread over the interval instead of all firing at
// once, and at most maxConcurrent rounds run at a time so a burst cannot exhaust sockets.
// A round never overlaps the previous round of the same environment; a slow one delays the
// next one of its environment only.
import type { Loop } from '../monitor/watch-set';
import { DueQueue } from './due-queue';

export interface ProbeSchedulerOptions {
  maxConcurrent: number;
  onError(err: unknown): void;
  /** Called as each round starts, with how late it starts: the scheduler's lag. */
  onLag?(lagMs: number, intervalMs: number): void;
  /** Milliseconds on a monotonic clock. */
  now?(): number;
}

interface Entry {
  due: number;
  readonly intervalMs: number;
  readonly round: () => Promise<void>;
  stopped: boolean;
}

// Spreads first rounds evenly whatever their number: the fractional parts of k·φ never
// bunch up (Weyl sequence), unlike random offsets.
const GOLDEN = 0.6180339887498949;

export class ProbeScheduler {
  private readonly queue = new DueQueue<Entry>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private inFlight = 0;
  private started = 0;
  private closed = false;

  constructor(private readonly opts: ProbeSchedulerOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  loop(intervalMs: number, round: () => Promise<void>): Loop {
    const entry: Entry = { due: 0, intervalMs, round, stopped: false };
    return {
      start: () => {
        if (this.closed) return;
        entry.due = this.now() + ((this.started++ * GOLDEN) % 1) * intervalMs;
        this.queue.push(entry);
        this.pump();
      },
      // Left in the queue and dropped when it comes up: cheaper than a removal from the heap.
      stop: () => void (entry.stopped = true),
    };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.now();
    for (let next = this.queue.peek(); next && next.due <= now && this.inFlight < this.opts.maxConcurrent; next = this.queue.peek()) {
      this.queue.pop();
      if (!next.stopped) this.run(next, now);
    }
    this.arm();
  }

  private arm(): void {
    const next = this.queue.peek();
    // At the concurrency limit, a finishing round pumps again; no timer is needed until then.
    if (!next || this.inFlight >= this.opts.maxConcurrent) return;
    if (this.timer && this.timerDue <= next.due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = next.due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      this.pump();
    }, Math.max(0, next.due - this.now()));
  }

  private run(entry: Entry, now: number): void {
    this.inFlight++;
    this.opts.onLag?.(now - entry.due, entry.intervalMs);
    const started = now;
    entry
      .round()
      .catch((err: unknown) => this.opts.onError(err))
      .finally(() => {
        this.inFlight--;
        if (!entry.stopped && !this.closed) {
          // Rounds start intervalMs apart unless one took longer than that.
          entry.due = Math.max(started + entry.intervalMs, this.now());
          this.queue.push(entry);
        }
        this.pump();
      });
  }
}
