// Starts the OpenTelemetry SDK for one Cutover process when the environment asks for traces
// (see tracingRequested). The exporter, its endpoint, headers, protocol (http/protobuf,
// http/json, grpc), sampler and batching all come from the standard OTEL_* variables, read
// by the SDK itself. No auto-instrumentation: Cutover's own spans are the ones that matter,
// and start-up stays light. When off, the API's no-op tracer is used and costs nothing.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { envDetector, processDetector } from '@opentelemetry/resources';
import type { Logger } from '@cutover/observability';
import { tracingRequested } from './enabled';
import { spanIds } from './pinnable-ids';

export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is still buffered; bounded, so a receiver that is down cannot hold up a stop. */
  shutdown(): Promise<void>;
}

const FLUSH_LIMIT_MS = 5000;
let active = false;

/** Whether this process exports spans; lets callers skip work whose only use is a span. */
export function tracingActive(): boolean {
  return active;
}

export function startTracing(serviceName: string, log: Logger): Tracing {
  if (!tracingRequested(process.env)) return { enabled: false, shutdown: async () => undefined };
  const sdk = new NodeSDK({
    serviceName,
    idGenerator: spanIds,
    instrumentations: [],
    resourceDetectors: [envDetector, processDetector],
    // Traces only: metrics are prom-client's /metrics, logs are JSON lines on stderr.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  active = true;
  log.info('tracing on', { exporter: process.env.OTEL_TRACES_EXPORTER ?? 'otlp' });
  return {
    enabled: true,
    shutdown: async () => {
      active = false;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), FLUSH_LIMIT_MS)));
      const flushed = sdk.shutdown().then(
        () => 'done' as const,
        (err: unknown) => log.warn('traces not flushed', { err }),
      );
      if ((await Promise.race([flushed, gaveUp])) === 'timeout') log.warn('traces not flushed in time', { limitMs: FLUSH_LIMIT_MS });
      clearTimeout(timer);
    },
  };
}
