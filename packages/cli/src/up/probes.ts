// How `up` tells that a component is ready: Cutover services answer GET /readyz with 2xx;
// nats-server greets with an INFO line that says JetStream is on (natsJetStreamReady of
// @cutover/messaging).
import { get } from 'node:http';

const PROBE_TIMEOUT_MS = 1000;

export function httpReady(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
