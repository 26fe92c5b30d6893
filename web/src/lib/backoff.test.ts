import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const plain = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 0 };

describe('reconnect backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, plain))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('spreads delays by the jitter around the base', () => {
    const options = { ...plain, jitter: 0.5 };
    expect(backoffDelay(1, options, () => 0)).toBe(1000);
    expect(backoffDelay(1, options, () => 0.999999)).toBe(3000);
    expect(backoffDelay(1, options, () => 0.5)).toBe(2000);
  });
});
