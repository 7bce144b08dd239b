/** The last lines of a stream, kept small enough to travel inside a KV entry. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines: number,
    private readonly maxLineLength: number,
  ) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    // A line that never ends must not grow without bound either.
    if (this.partial.length > this.maxLineLength) {
      this.add(this.partial);
      this.partial = '';
    }
  }

  /** Complete lines plus any unterminated last line, oldest first. */
  snapshot(): string[] {
    const all = this.partial ? [...this.lines, this.cut(this.partial)] : [...this.lines];
    return all.slice(-this.maxLines);
  }

  last(): string | null {
    return this.snapshot().at(-1) ?? null;
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(this.cut(line));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  private cut(line: string): string {
    return line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line;
  }
}
