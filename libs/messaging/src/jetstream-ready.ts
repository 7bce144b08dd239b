// Whether a nats-server with JetStream listens at host:port, without a client: the server
// greets every connection with an INFO line that says whether JetStream is on. `cutover up`
// and the test kit wait on it before anything connects.
import { connect } from 'node:net';

export function natsJetStreamReady(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buf = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
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
