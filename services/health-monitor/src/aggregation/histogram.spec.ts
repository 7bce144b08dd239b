import { percentileMs, sumHistograms } from './histogram';

const bounds = [10, 50, 100];

describe('latency percentiles from cumulative histograms', () => {
  it('interpolates inside the bucket the rank falls in', () => {
    // 100 requests: 50 <= 10 ms, 40 in (10, 50], 10 in (50, 100].
    const h = { boundsMs: bounds, counts: [50, 90, 100, 100] };
    expect(percentileMs(h, 0.5)).toBe(10);
    expect(percentileMs(h, 0.95)).toBeCloseTo(75);
    expect(percentileMs(h, 0.99)).toBeCloseTo(95);
  });

  it('answers the highest finite bound when the rank is in the unbounded bucket, null without requests', () => {
    expect(percentileMs({ boundsMs: bounds, counts: [0, 0, 1, 10] }, 0.95)).toBe(100);
    expect(percentileMs({ boundsMs: bounds, counts: [0, 0, 0, 0] }, 0.95)).toBeNull();
  });

  it('sums samples that share the newest bounds and drops the others', () => {
    const sum = sumHistograms([
      { boundsMs: [1, 2], counts: [5, 5, 5] },
      { boundsMs: bounds, counts: [1, 2, 3, 3] },
      { boundsMs: bounds, counts: [0, 1, 1, 2] },
    ]);
    expect(sum).toEqual({ boundsMs: bounds, counts: [1, 3, 4, 5] });
    expect(sumHistograms([])).toBeNull();
  });
});
