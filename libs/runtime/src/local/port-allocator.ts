import { createServer } from 'node:net';

/** Hands out loopback ports for instances; released ports may be handed out again. */
export interface PortAllocator {
  allocate(): Promise<number>;
  release(port: number): void;
  /** Marks a port as used by an instance this allocator did not hand out (an adopted one). */
  reserve(port: number): void;
}

/** A port on host that the kernel called free a moment ago; callers retry if someone takes it first. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('the kernel assigned no port'))));
    });
  });
}

/** True when host:port can be bound right now: nothing listens there (any more). */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/**
 * Ports the kernel calls free, never one already given to a running instance: an
 * instance that has not bound its port yet looks free to the kernel.
 */
export class FreePortAllocator implements PortAllocator {
  private readonly inUse = new Set<number>();

  async allocate(): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (this.inUse.has(port)) continue;
      this.inUse.add(port);
      return port;
    }
  }

  release(port: number): void {
    this.inUse.delete(port);
  }

  reserve(port: number): void {
    this.inUse.add(port);
  }
}
