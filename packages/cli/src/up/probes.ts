// How `up` tells that a component is ready: Cutover services answer GET /readyz with 2xx,
// nats-server greets with an INFO line that says JetStream is on.
import { get } from 'node:http';
import { connect } from 'node:net';

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

export function natsJetStreamReady(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buf = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once('error', () => finish(false));
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      const nl = buf.indexOf('\r\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      if (!line.startsWith('INFO ')) return finish(false);
      try {
        finish((JSON.parse(line.slice(5)) as { jetstream?: boolean }).jetstream === true);
      } catch {
        finish(false);
      }
    });
  });
}
