// One way to start every Cutover service: read inputs, load the config once, connect to
// NATS, mount the service's module with HTTP (/healthz, /readyz, /metrics, its own routes) and the
// JetStream transport, and stop cleanly on SIGTERM/SIGINT.
import 'reflect-metadata';
import { hostname } from 'node:os';
import { Global, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, natsClientOptions, type CutoverConfig } from '@cutover/config';
import { systemClock, type Clock } from '@cutover/core';
import { Bus, CutoverTransport, MessagingModule } from '@cutover/messaging';
import { processMetrics } from '@cutover/metrics';
import { createLogger, type Logger } from '@cutover/observability';
import { startTracing } from '@cutover/tracing';
import { readProcessInputs } from './args';
import { ApiAuth } from './auth/api-auth';
import { HealthController } from './health.controller';
import { instrumentClients } from './metrics/instrument-clients';
import { MetricsController } from './metrics/metrics.controller';
import { readinessChecks } from './readiness-checks';
import { CLOCK, CONFIG, LOGGER, METRICS, READINESS_CHECKS } from './service-kit.constants';

export interface ServiceContext {
  name: string;
  config: CutoverConfig;
  bus: Bus;
  log: Logger;
  clock: Clock;
  /** The token table, resolved before anything starts; absent when a test mounts a module itself. */
  apiAuth?: ApiAuth;
  /** This process among the replicas of its service (host:port), the same after a restart; absent when a test mounts a module itself. */
  instance?: string;
}

export interface ServiceDefinition {
  /** Process name: also the NATS connection name, the log component and the durable prefix. */
  name: string;
  port: (config: CutoverConfig) => number;
  module: (ctx: ServiceContext) => DynamicModule;
  /** Talks to the Kubernetes API on the kubernetes runtime, so /readyz checks that it answers. */
  usesKubernetes?: boolean;
  /** Serves an HTTP API behind api.tokens: warns at start when that is off on an address others can reach. */
  servesApi?: boolean;
}

export async function bootstrapService(def: ServiceDefinition): Promise<INestApplication> {
  const log = createLogger(def.name);
  const tracing = startTracing(def.name, log);
  const inputs = readProcessInputs(process.argv.slice(2), process.env);
  const config = loadConfig(inputs.configPath, { environment: inputs.environment, runtime: inputs.runtime });
  // Before NATS and Nest, so a missing token variable is one clear line at start.
  const apiAuth = def.servesApi ? ApiAuth.fromConfig(config.api, process.env) : undefined;
  if (apiAuth && !apiAuth.enabled && !isLoopback(inputs.httpHost)) {
    log.warn('HTTP API authentication is off (no api.tokens) and the API listens beyond this machine: anyone who can reach it can release, approve and roll back', { host: inputs.httpHost });
  }
  const url = inputs.natsUrl ?? config.nats.url ?? 'nats://127.0.0.1:4222';
  // Each service is its own NATS user, allowed only its own subjects.
  const natsClient = natsClientOptions(config.nats, def.name, process.env);
  const bus = await Bus.connect({ url, name: def.name, log, ...natsClient });
  await bus.ensureTopology();
  const metrics = processMetrics();
  instrumentClients(bus, metrics);
  const port = inputs.httpPort ?? def.port(config);
  const ctx: ServiceContext = { name: def.name, config, bus, log, clock: systemClock, apiAuth, instance: `${hostname()}:${port}` };

  // Global, so every service module can inject the config, clock and logger.
  @Global()
  @Module({
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: CLOCK, useValue: systemClock },
      { provide: LOGGER, useValue: log },
      { provide: METRICS, useValue: metrics },
      { provide: READINESS_CHECKS, useValue: readinessChecks(config, def.usesKubernetes ?? false) },
    ],
    exports: [CONFIG, CLOCK, LOGGER, METRICS, READINESS_CHECKS],
  })
  class ContextModule {}

  @Module({
    imports: [ContextModule, MessagingModule.forRoot(bus), def.module(ctx)],
    controllers: [HealthController, MetricsController],
  })
  class RootModule {}

  const app = await NestFactory.create(RootModule, { logger: ['error', 'warn'] });
  app.connectMicroservice({ strategy: new CutoverTransport({ bus, durablePrefix: def.name }) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(port, inputs.httpHost);
  log.info('ready', { http: `http://${inputs.httpHost}:${port}`, nats: url, natsUser: natsClient.user ?? null, natsTls: natsClient.tls !== undefined });

  // Our own handlers rather than Nest's shutdown hooks: Nest re-raises the signal after
  // closing, which would kill the process before NATS has drained.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await app.close();
    await bus.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Entry point of a service process: a start-up failure is one log line and exit code 1. */
export function runService(def: ServiceDefinition): void {
  bootstrapService(def).catch((err: unknown) => {
    createLogger(def.name).error('failed to start', { err });
    process.exit(1);
  });
}
