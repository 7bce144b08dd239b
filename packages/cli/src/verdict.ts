// A command that publishes and then waits for what Cutover answers: event handlers settle
// the verdict, deadlines turn silence into an error. Whatever settles first wins.
export class Verdict<T> {
  readonly promise: Promise<T>;
  private settleWith!: (fn: () => void) => void;
  private resolveFn!: (value: T) => void;
  private rejectFn!: (err: Error) => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private settled = false;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.settleWith = (fn) => {
      if (this.settled) return;
      this.settled = true;
      this.timers.forEach(clearTimeout);
      fn();
    };
  }

  get isSettled(): boolean {
    return this.settled;
  }

  resolve(value: T): void {
    this.settleWith(() => this.resolveFn(value));
  }

  reject(err: Error): void {
    this.settleWith(() => this.rejectFn(err));
  }

  /** Rejects with error() after ms unless settled before; error() may return null to let it run on. */
  deadline(ms: number, error: () => Error | null): void {
    const timer = setTimeout(() => {
      const err = error();
      if (err) this.reject(err);
    }, ms);
    this.timers.push(timer);
  }
}
