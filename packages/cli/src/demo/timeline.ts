// What the demo prints: one line per event, stamped with seconds since the demo started.
export class Timeline {
  private readonly started = Date.now();

  constructor(private readonly write: (line: string) => void) {}

  line(text: string): void {
    const s = ((Date.now() - this.started) / 1000).toFixed(1).padStart(6);
    this.write(`${s}s  ${text}`);
  }
}
