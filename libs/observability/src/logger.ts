// Logs are JSON lines on stderr: one object per line, machine-readable, never interleaved
// with a CLI's stdout.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(
  component: string,
  opts: { level?: LogLevel; sink?: LogSink; base?: Record<string, unknown> } = {},
): Logger {
  const min = ORDER[opts.level ?? ((process.env.CUTOVER_LOG_LEVEL as LogLevel) || 'info')] ?? ORDER.info;
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = { component, ...opts.base };
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...serializeErrors(fields) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(component, { ...opts, base: { ...opts.base, ...f } }),
  };
}

function serializeErrors(fields?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!fields) return fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, code: (v as { code?: unknown }).code } : v;
  }
  return out;
}
