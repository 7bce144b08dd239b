import { createServer } from 'node:net';

/** A loopback address nobody listens on: connecting to it is refused. */
export function freeEndpoint(): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve({ host: '127.0.0.1', port }));
    });
  });
}
