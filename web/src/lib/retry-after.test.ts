import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, tooManyAttemptsMessage } from './retry-after.js';

describe('Retry-After', () => {
  const now = Date.parse('2025-03-01T12:00:00.000Z');

  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('42', now)).toBe(42);
    expect(retryAfterSeconds(' 900 ', now)).toBe(900);
    expect(retryAfterSeconds('0', now)).toBe(1);
    expect(retryAfterSeconds('Sat, 01 Mar 2025 12:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(1);
  });

  it('gives up on what it cannot read', () => {
    expect(retryAfterSeconds(null, now)).toBeNull();
    expect(retryAfterSeconds('', now)).toBeNull();
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds('-5', now)).toBeNull();
  });

  it('says how long to wait', () => {
    expect(tooManyAttemptsMessage(42)).toBe('Too many attempts, try again in 42 s.');
    expect(tooManyAttemptsMessage(null)).toBe('Too many attempts. Wait a while, then try again.');
  });
});
