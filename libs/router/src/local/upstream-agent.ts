// One generation of upstream connections to one color. A color gets a fresh generation
// whenever traffic moves away from it or its endpoints change; the old generation is
// retired: it takes no new requests, lets the ones in flight finish on their sockets, and
// closes its keep-alive sockets once the last of them is done. Closing earlier would cut
// answers in half; never closing would pin the old instances' connections open, which
// keeps a stopping process from draining.
import { Agent } from 'node:http';

export class UpstreamAgent {
  readonly agent = new Agent({ keepAlive: true });
  private inFlight = 0;
  private retired = false;

  get destroyed(): boolean {
    return this.retired && this.inFlight === 0;
  }

  acquire(): void {
    this.inFlight++;
  }

  release(): void {
    this.inFlight--;
    this.destroyIfDrained();
  }

  retire(): void {
    this.retired = true;
    this.destroyIfDrained();
  }

  /** For close(): every socket goes, busy or not. */
  destroy(): void {
    this.retired = true;
    this.agent.destroy();
  }

  private destroyIfDrained(): void {
    if (this.destroyed) this.agent.destroy();
  }
}
