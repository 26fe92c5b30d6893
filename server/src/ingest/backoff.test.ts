import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

const policy = { initialMs: 1000, maxMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, policy, middle))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('jitters by a quarter either way, never past the maximum', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(750);
    expect(backoffDelay(0, policy, () => 0.999_999)).toBe(1250);
    expect(backoffDelay(10, policy, () => 0.999_999)).toBe(30_000);
    expect(backoffDelay(10, policy, () => 0)).toBe(22_500);
  });
});
