// Two ways to record a span: around work as it happens (inSpan), or afterwards from
// timestamps already kept elsewhere (recordSpan), e.g. a phase whose start and end are in
// the deployment record's history.
import { SpanStatusCode, context, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

export const tracer = () => trace.getTracer('cutover');

/** Runs fn in a new active span; a throw marks the span as an error and is rethrown. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, parent: Context = context.active()): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

export interface PastSpan {
  start: Date;
  end: Date;
  attributes: Attributes;
  parent: Context;
  /** Set when what the span stands for failed. */
  error?: string;
}

export function recordSpan(name: string, s: PastSpan): void {
  const span = tracer().startSpan(name, { startTime: s.start, attributes: s.attributes }, s.parent);
  if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
  span.end(s.end);
}

/** Marks a span whose work ended in a refusal or failure that was returned, not thrown. */
export function markFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
