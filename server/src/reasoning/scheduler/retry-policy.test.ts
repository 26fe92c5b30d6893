import { describe, expect, it } from 'vitest';
import { ReasonerError } from '../reasoner.js';
import { classifyFailure, defaultRetryPolicy, hasAttemptsLeft, retryDelayMs, retryPolicySchema } from './retry-policy.js';

const policy = retryPolicySchema.parse({ maxAttempts: 4, initialDelayMs: 500, maxDelayMs: 3_000, multiplier: 2, jitter: 0 });

describe('retryDelayMs', () => {
  it('doubles from the first delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt))).toEqual([500, 1_000, 2_000, 3_000, 3_000]);
  });

  it('takes off up to the jitter share at random', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(retryDelayMs(jittered, 2, () => 0)).toBe(1_000);
    expect(retryDelayMs(jittered, 2, () => 0.5)).toBe(750);
    expect(retryDelayMs(jittered, 2, () => 0.9)).toBe(550);
  });
});

describe('hasAttemptsLeft', () => {
  it('counts the first try among maxAttempts', () => {
    expect([1, 2, 3, 4].map((failed) => hasAttemptsLeft(policy, failed))).toEqual([true, true, true, false]);
    expect(hasAttemptsLeft({ ...policy, maxAttempts: 1 }, 1)).toBe(false);
  });
});

describe('classifyFailure', () => {
  it('retries what the error says may pass, and treats an answer the server gave as the server being up', () => {
    expect(classifyFailure(new ReasonerError('unreachable', 'refused', true))).toBe('retryable');
    expect(classifyFailure(new ReasonerError('http', '503', true, 503))).toBe('retryable');
    expect(classifyFailure(new ReasonerError('http', '400', false, 400))).toBe('answered');
    expect(classifyFailure(new ReasonerError('bad_reply', 'no JSON', false))).toBe('answered');
  });

  it('learns nothing from a cancelled call or an error that is not the model server’s', () => {
    expect(classifyFailure(new ReasonerError('aborted', 'stopping', false))).toBe('neutral');
    expect(classifyFailure(new TypeError('x is undefined'))).toBe('neutral');
  });
});

describe('retryPolicySchema', () => {
  it('fills defaults and refuses nonsense', () => {
    expect(retryPolicySchema.parse({ maxAttempts: 2 })).toEqual({ ...defaultRetryPolicy, maxAttempts: 2 });
    expect(retryPolicySchema.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ multiplier: 0.5 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ retries: 3 }).success).toBe(false);
  });
});
