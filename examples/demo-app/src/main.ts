// The demo application Cutover deploys in examples and tests: a tiny HTTP service whose
// failures are chosen per release through its environment.
import { once } from 'node:events';
import { readSettings } from './settings';
import { createDemoServer } from './server';
import { closeGracefully } from './shutdown';

// In-flight requests get this long to finish after SIGTERM before connections are cut.
const DRAIN_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  const startedAt = new Date();
  const settings = readSettings(process.env);
  if (settings.crashOnStart) {
    process.stderr.write(`demo-app ${settings.version}: crashing on start because CRASH_ON_START=1\n`);
    process.exit(1);
  }

  const server = createDemoServer(settings, { now: () => new Date() }, startedAt);
  let listenTimer: NodeJS.Timeout | undefined;
  const shutdown = () => {
    clearTimeout(listenTimer);
    if (!server.listening) process.exit(0);
    void closeGracefully(server, DRAIN_DEADLINE_MS).then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  if (settings.readyDelayMs > 0) {
    process.stderr.write(`demo-app ${settings.version}: waiting ${settings.readyDelayMs} ms (READY_DELAY_MS) before listening\n`);
    await new Promise<void>((resolve) => (listenTimer = setTimeout(resolve, settings.readyDelayMs)));
  }
  server.listen(settings.port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  process.stderr.write(`demo-app ${settings.version} (${settings.color}) listening on 127.0.0.1:${port}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`demo-app failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
