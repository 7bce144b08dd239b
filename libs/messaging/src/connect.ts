// The first connection is retried until a deadline, then fails with a named error the
// process can exit on; once connected, nats.js reconnects forever with jittered backoff.
import { connect, type NatsConnection } from 'nats';
import { NatsAuthError, NatsUnreachableError } from './errors';
import { isAuthFailure } from './nats-errors';

export interface ConnectSettings {
  url: string;
  name: string;
  user?: string;
  pass?: string;
  token?: string;
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
        timeout: Math.max(500, Math.min(left, 5000)),
        waitOnFirstConnect: false,
        maxReconnectAttempts: -1,
        reconnectTimeWait: RECONNECT_WAIT_MS,
        reconnectJitter: RECONNECT_JITTER_MS,
      });
    } catch (cause) {
      if (isAuthFailure(cause)) throw new NatsAuthError(s.url, { cause });
      if (Date.now() + delay >= deadline) throw new NatsUnreachableError(s.url, s.connectTimeoutMs, { cause });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
