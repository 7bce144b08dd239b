import type { Server } from 'node:http';

/**
 * Stops accepting, closes idle keep-alive connections at once and lets requests in
 * flight finish; connections still busy after deadlineMs are cut.
 */
export function closeGracefully(server: Server, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), deadlineMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
