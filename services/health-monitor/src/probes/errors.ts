import { CutoverError } from '@cutover/contracts';

export class ProbeTimeoutError extends CutoverError {
  constructor(timeoutMs: number) {
    super('probe_timeout', `timeout after ${timeoutMs} ms`);
  }
}

/** Prometheus answered, but not with a single number: the query is wrong for a check. */
export class UnusableQueryResultError extends CutoverError {
  constructor(reason: string) {
    super('unusable_query_result', `the query ${reason}; a check needs one number (aggregate it, e.g. with sum())`);
  }
}

/** Prometheus could not be asked or refused the query. */
export class PrometheusQueryError extends CutoverError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('prometheus_query_failed', `Prometheus query failed: ${reason}`, options);
  }
}
