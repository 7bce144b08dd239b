// An upstream handler that holds answers until the test lets them go, so a test can have
// requests truly in flight while it switches.
import type { ServerResponse } from 'node:http';
import type { UpstreamHandler } from './test-upstream';

export class Gate {
  private readonly held: ServerResponse[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(private readonly name: string) {}

  readonly handler: UpstreamHandler = (_req, res) => {
    this.held.push(res);
    this.waiters = this.waiters.filter((w) => (this.held.length >= w.n ? (w.resolve(), false) : true));
  };

  /** Resolves once n requests are being held. */
  arrived(n: number): Promise<void> {
    if (this.held.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  releaseOne(): void {
    const res = this.held.shift();
    res?.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ upstream: this.name }));
  }
}
