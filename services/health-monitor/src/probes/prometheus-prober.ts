// A metric check: one PromQL query over Prometheus' HTTP API whose value must lie in the
// check's range. A result without a value (an empty vector, NaN, Prometheus unreachable)
// is no data: it neither passes nor fails the check.
import type { EnvironmentState, MetricCheck, ProbeResult, PrometheusChecks } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import { PrometheusQueryError, UnusableQueryResultError } from './errors';

export const NO_DATA = 'no data';

interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown };
}

type Sample = [number, string];

export interface MetricChecker {
  check(settings: PrometheusChecks, check: MetricCheck, env: EnvironmentState): Promise<ProbeResult>;
}

export class PrometheusProber implements MetricChecker {
  constructor(private readonly clock: Clock) {}

  async check(settings: PrometheusChecks, check: MetricCheck, env: EnvironmentState): Promise<ProbeResult> {
    const at = this.clock.now().toISOString();
    const target = `prometheus:${check.name}`;
    const started = performance.now();
    let value: number | null;
    try {
      value = await this.query(settings, expand(check.query, env));
    } catch (err) {
      return { at, target, kind: 'prometheus', ok: false, error: (err as Error).message };
    }
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    if (value === null) return { at, target, kind: 'prometheus', ok: false, latencyMs, error: NO_DATA };
    const below = check.min != null && value < check.min;
    const above = check.max != null && value > check.max;
    const error = below ? `${value} < min ${check.min}` : above ? `${value} > max ${check.max}` : undefined;
    return { at, target, kind: 'prometheus', ok: !error, latencyMs, value, ...(error && { error }) };
  }

  /** The query's single value, or null when it has none. */
  private async query(settings: PrometheusChecks, promql: string): Promise<number | null> {
    const url = new URL('api/v1/query', settings.url!.endsWith('/') ? settings.url! : `${settings.url}/`);
    url.searchParams.set('query', promql);
    let answer: QueryAnswer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(settings.timeoutMs) });
      answer = (await res.json()) as QueryAnswer;
    } catch (err) {
      throw new PrometheusQueryError((err as Error | undefined)?.message ?? String(err), { cause: err });
    }
    if (answer.status !== 'success' || !answer.data) throw new PrometheusQueryError(answer.error ?? 'no data in the answer');
    return singleValue(answer.data.resultType, answer.data.result);
  }
}

function singleValue(type: string, result: unknown): number | null {
  let sample: Sample | undefined;
  if (type === 'scalar') sample = result as Sample;
  else if (type === 'vector') {
    const series = result as { value: Sample }[];
    if (series.length > 1) throw new UnusableQueryResultError(`returned ${series.length} series`);
    sample = series[0]?.value;
  } else throw new UnusableQueryResultError(`returned a ${type}`);
  const value = sample ? Number(sample[1]) : NaN;
  return Number.isFinite(value) ? value : null;
}

/** Fills {{service}}, {{color}} and {{version}} so one query serves every environment. */
export function expand(query: string, env: EnvironmentState): string {
  return query.replace(/\{\{(service|color|version)\}\}/g, (_, name: 'service' | 'color' | 'version') => env[name] ?? '');
}
