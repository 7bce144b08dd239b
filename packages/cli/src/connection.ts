// Which NATS the CLI talks to, and the one way it connects: quickly, quietly, and with an
// exit-3 error that names the URL when Cutover is not there.
import { loadConfig, natsClientOptions, type NatsClientOptions, type NatsConfig } from '@cutover/config';
import { streams } from '@cutover/contracts';
import { Bus, NatsAuthError, NatsTlsError, NatsUnreachableError } from '@cutover/messaging';
import { createLogger, type LogLevel } from '@cutover/observability';
import { UnreachableError, UsageError } from './errors';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const CONNECT_TIMEOUT_MS = 3000;
const PUBLISH_TIMEOUT_MS = 5000;

export interface NatsFlags {
  nats?: string;
  config?: string;
  environment?: string;
}

/** Where the CLI connects and as whom. */
export interface NatsTarget {
  url: string;
  /** User, password and TLS files: the admin user unless the user variable names another (ci). */
  client: NatsClientOptions;
}

/** The CLI's NATS user when the user variable does not name one. */
export const CLI_NATS_USER = 'admin';

/**
 * --nats, then NATS_URL, then nats.url of the config (--config or CUTOVER_CONFIG; with
 * --environment, that environment's), then the default. Credentials and TLS come from the
 * config's nats section and the variables it names (CUTOVER_NATS_USER and
 * CUTOVER_NATS_PASSWORD without a config).
 */
export function natsTarget(flags: NatsFlags, env: NodeJS.ProcessEnv): NatsTarget {
  const environment = environmentOf(flags, env);
  const configPath = flags.config ?? env.CUTOVER_CONFIG;
  const nats: NatsConfig | null = configPath ? loadConfig(configPath, { environment }).nats : null;
  const url = flags.nats ?? (env.NATS_URL || null) ?? nats?.url ?? null;
  if (!url && !configPath && environment) {
    throw new UsageError(`--environment ${environment} needs the config that defines it: pass --config FILE or set CUTOVER_CONFIG`);
  }
  return { url: url ?? DEFAULT_NATS_URL, client: natsClientOptions(nats, CLI_NATS_USER, env) };
}

/** --environment, then CUTOVER_ENVIRONMENT. */
export function environmentOf(flags: NatsFlags, env: NodeJS.ProcessEnv): string | undefined {
  return flags.environment ?? env.CUTOVER_ENVIRONMENT;
}

export async function connect(url: string, env: NodeJS.ProcessEnv, client: NatsClientOptions = {}): Promise<Bus> {
  // The bus logs JSON lines to stderr; a CLI shows only its own lines unless asked.
  const log = createLogger('cli', { level: (env.CUTOVER_LOG_LEVEL as LogLevel | undefined) ?? 'error' });
  let bus: Bus;
  try {
    bus = await Bus.connect({ url, name: 'cli', log, connectTimeoutMs: CONNECT_TIMEOUT_MS, publishTimeoutMs: PUBLISH_TIMEOUT_MS, ...client });
  } catch (cause) {
    if (cause instanceof NatsUnreachableError || cause instanceof NatsAuthError || cause instanceof NatsTlsError) {
      throw new UnreachableError(`cannot reach Cutover at ${url}: ${reasonOf(cause)}`, { cause });
    }
    throw cause;
  }
  await requireCutover(bus, url);
  return bus;
}

/** The streams exist once any Cutover process has started on this NATS. */
async function requireCutover(bus: Bus, url: string): Promise<void> {
  try {
    const jsm = await bus.connection.jetstreamManager();
    await jsm.streams.info(streams.events.name);
  } catch (cause) {
    await bus.close();
    throw new UnreachableError(
      `cannot reach Cutover at ${url}: NATS answers but Cutover never started there (no stream ${streams.events.name}); run \`cutover up\``,
      { cause },
    );
  }
}

function reasonOf(err: Error): string {
  const message = err.cause instanceof Error ? err.cause.message : err.message;
  // nats.js reports some failures as bare codes such as CONNECTION_REFUSED.
  return /^[A-Z_]+$/.test(message) ? message.toLowerCase().replace(/_/g, ' ') : message;
}
