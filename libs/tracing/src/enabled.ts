// Tracing is off unless the standard OpenTelemetry variables ask for it. The SDK's own
// default (an OTLP exporter to localhost whenever it starts) would make every Cutover
// process try to export on a machine that never set anything up.
const truthy = (v: string | undefined) => v?.trim().toLowerCase() === 'true';
const set = (v: string | undefined) => (v?.trim() ?? '') !== '';

/**
 * On when OTEL_TRACES_EXPORTER names an exporter other than `none`, or when
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set; always off when
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none.
 */
export function tracingRequested(env: NodeJS.ProcessEnv): boolean {
  if (truthy(env.OTEL_SDK_DISABLED)) return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (exporters.includes('none')) return false;
  return exporters.length > 0 || set(env.OTEL_EXPORTER_OTLP_ENDPOINT) || set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}
