// Latency percentiles from the router's cumulative histograms (counts[i] = requests with
// latency <= boundsMs[i], the last count being the +Inf bucket, i.e. the total).
import type { ColorTraffic } from '@cutover/contracts';

export type LatencyHistogram = ColorTraffic['latency'];

const sameBounds = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Sums histograms that share the bounds of the last one. A router that changed its buckets
 * makes older samples incomparable; dropping them only narrows the percentile's basis.
 */
export function sumHistograms(histograms: LatencyHistogram[]): LatencyHistogram | null {
  const newest = histograms.at(-1);
  if (!newest) return null;
  const counts = new Array<number>(newest.counts.length).fill(0);
  for (const h of histograms) {
    if (!sameBounds(h.boundsMs, newest.boundsMs) || h.counts.length !== counts.length) continue;
    h.counts.forEach((c, i) => (counts[i]! += c));
  }
  return { boundsMs: [...newest.boundsMs], counts };
}

/**
 * Estimated as Prometheus' histogram_quantile does: linear within the bucket the rank falls
 * in; in the unbounded last bucket the highest finite bound is the best known answer.
 */
export function percentileMs(h: LatencyHistogram, q: number): number | null {
  const total = h.counts.at(-1) ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  const i = h.counts.findIndex((c) => c >= rank);
  if (i >= h.boundsMs.length) return h.boundsMs.at(-1) ?? null;
  const lower = i === 0 ? 0 : h.boundsMs[i - 1]!;
  const below = i === 0 ? 0 : h.counts[i - 1]!;
  const inBucket = h.counts[i]! - below;
  return lower + (h.boundsMs[i]! - lower) * ((rank - below) / inBucket);
}
