import { describe, expect, it } from 'vitest';
import { maxAttempts, retryDelayMs, STANDARD_WEBHOOKS_SCHEDULE_MS } from './retry-schedule.js';

const noJitter = () => 0.5;

describe('retryDelayMs', () => {
  it('follows the Standard Webhooks schedule without jitter', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, STANDARD_WEBHOOKS_SCHEDULE_MS, noJitter));
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  });

  it('gives up after the eighth try', () => {
    expect(maxAttempts()).toBe(8);
    expect(retryDelayMs(8, STANDARD_WEBHOOKS_SCHEDULE_MS, noJitter)).toBeNull();
    expect(retryDelayMs(20, STANDARD_WEBHOOKS_SCHEDULE_MS, noJitter)).toBeNull();
  });

  it('spreads each wait by at most ±10 %', () => {
    expect(retryDelayMs(2, STANDARD_WEBHOOKS_SCHEDULE_MS, () => 0)).toBe(270_000);
    expect(retryDelayMs(2, STANDARD_WEBHOOKS_SCHEDULE_MS, () => 0.999999)).toBe(330_000);
    for (let i = 0; i < 200; i++) {
      const wait = retryDelayMs(1)!;
      expect(wait).toBeGreaterThanOrEqual(4_500);
      expect(wait).toBeLessThanOrEqual(5_500);
    }
  });

  it('takes a custom schedule', () => {
    const fast = [0, 10, 20];
    expect(retryDelayMs(1, fast, noJitter)).toBe(10);
    expect(retryDelayMs(2, fast, noJitter)).toBe(20);
    expect(retryDelayMs(3, fast, noJitter)).toBeNull();
    expect(maxAttempts(fast)).toBe(3);
  });

  it('refuses a try number below 1', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
  });
});
