// One loop per watched environment: a setTimeout chain, so a slow round delays the next one
// instead of overlapping it, and stopping never leaves a timer behind.
export class ProbeLoop {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    this.timer = null;
    const started = performance.now();
    try {
      await this.round();
    } catch (err) {
      this.onError(err);
    }
    // Rounds start intervalMs apart unless one took longer than that.
    this.schedule(Math.max(0, this.intervalMs - (performance.now() - started)));
  }
}
