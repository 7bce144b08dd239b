// A real nats-server with Cutover's streams and buckets, and Buses connected to it whose
// log lines are kept for assertions instead of being printed.
import { Bus, type BusOptions } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { startNatsServer, type NatsServerHandle } from './nats-server';

export interface MessagingFixture {
  server: NatsServerHandle;
  /** Every JSON log line written by the fixture's buses, parsed. */
  logs: Array<Record<string, unknown>>;
  /** A new Bus (a new connection, as another process would have). */
  connect(name: string, opts?: Partial<BusOptions>): Promise<Bus>;
  stop(): Promise<void>;
}

export async function startMessaging(): Promise<MessagingFixture> {
  const server = await startNatsServer();
  const buses: Bus[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const connect = async (name: string, opts: Partial<BusOptions> = {}) => {
    const log = createLogger(name, { level: 'debug', sink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
    const bus = await Bus.connect({ url: server.url, name, log, connectTimeoutMs: 5000, ...opts });
    buses.push(bus);
    return bus;
  };
  await (await connect('setup')).ensureTopology();
  return {
    server,
    logs,
    connect,
    stop: async () => {
      await Promise.all(buses.map((b) => b.close().catch(() => undefined)));
      await server.stop();
    },
  };
}
