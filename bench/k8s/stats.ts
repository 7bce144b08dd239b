import { percentile } from '@cutover/loadgen';

export interface Summary {
  median: number | null;
  p95: number | null;
  max: number | null;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.length ? sorted[sorted.length - 1]! : null };
}

const ms = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n)} ms`);

export const formatSummary = (s: Summary) => `${ms(s.median)} / ${ms(s.p95)} / ${ms(s.max)}`;
