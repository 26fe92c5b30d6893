import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.js';

describe('stats', () => {
  it('interpolates percentiles between ranks', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5);
    expect(percentile([5], 95)).toBe(5);
  });

  it('returns NaN for no values and leaves the input alone', () => {
    expect(Number.isNaN(median([]))).toBe(true);
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('summarizes min, median, p95 and max', () => {
    const values = Array.from({ length: 21 }, (_, i) => i);
    expect(summarize(values)).toEqual({ n: 21, min: 0, median: 10, p95: 19, max: 20 });
  });
});
