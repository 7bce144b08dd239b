// The first connection is retried until a deadline, then fails with a named error the
// process can exit on; once connected, nats.js reconnects forever with jittered backoff.
import { connect, type NatsConnection } from 'nats';
import { NatsAuthError, NatsTlsError, NatsUnreachableError } from './errors';
import { isAuthFailure, isTlsFailure } from './nats-errors';

/** PEM files: the CA that signed the server's certificate, and our own when the server asks for one. */
export interface NatsTlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface NatsCredentials {
  user?: string;
  pass?: string;
  token?: string;
  /** Set: the connection is upgraded to TLS, and refused when the server's certificate does not verify. */
  tls?: NatsTlsFiles;
}

export interface ConnectSettings extends NatsCredentials {
  url: string;
  name: string;
  /** How long to keep trying the first connection (ms). */
  connectTimeoutMs: number;
}

const RECONNECT_WAIT_MS = 1000;
const RECONNECT_JITTER_MS = 500;

export async function connectWithDeadline(s: ConnectSettings): Promise<NatsConnection> {
  const deadline = Date.now() + s.connectTimeoutMs;
  let delay = 100;
  for (;;) {
    const left = deadline - Date.now();
    try {
      return await connect({
        servers: s.url.split(','),
        name: s.name,
        user: s.user,
        pass: s.pass,
        token: s.token,
        tls: s.tls ? { ...s.tls } : undefined,
        timeout: Math.max(500, Math.min(left, 5000)),
        waitOnFirstConnect: false,
        maxReconnectAttempts: -1,
        reconnectTimeWait: RECONNECT_WAIT_MS,
        reconnectJitter: RECONNECT_JITTER_MS,
      });
    } catch (cause) {
      if (isAuthFailure(cause)) throw new NatsAuthError(s.url, { cause });
      if (isTlsFailure(cause)) throw new NatsTlsError(s.url, { cause });
      if (Date.now() + delay >= deadline) throw new NatsUnreachableError(s.url, s.connectTimeoutMs, { cause });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
