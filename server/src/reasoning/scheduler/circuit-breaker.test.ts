import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerPermit } from './circuit-breaker.js';

const normal: BreakerPermit = { kind: 'normal' };

function opened(at = 1_000): CircuitBreaker {
  const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000 });
  for (let i = 0; i < 3; i++) breaker.recordFailure(at, normal);
  return breaker;
}

describe('CircuitBreaker', () => {
  it('opens after failureThreshold consecutive failures, and a success in between starts the count again', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000 });
    breaker.recordFailure(0, normal);
    breaker.recordFailure(0, normal);
    breaker.recordSuccess();
    breaker.recordFailure(0, normal);
    breaker.recordFailure(0, normal);
    expect(breaker.state(0)).toBe('closed');
    expect(breaker.acquire(0)).toEqual(normal);
    breaker.recordFailure(5, normal);
    expect(breaker.snapshot(5)).toEqual({
      state: 'open',
      consecutiveFailures: 3,
      openedAt: 5,
      halfOpensAt: 10_005,
      trialInFlight: false,
      timesOpened: 1,
    });
    expect(breaker.acquire(10_004)).toBeNull();
  });

  it('lets exactly one trial through once the cool-down passed', () => {
    const breaker = opened();
    expect(breaker.state(11_000)).toBe('half_open');
    const trial = breaker.acquire(11_000);
    expect(trial).toMatchObject({ kind: 'trial' });
    expect(breaker.acquire(11_000)).toBeNull();
    expect(breaker.snapshot(11_000)).toMatchObject({ state: 'half_open', trialInFlight: true, halfOpensAt: null });
  });

  it('closes when the trial succeeds', () => {
    const breaker = opened();
    breaker.acquire(11_000);
    breaker.recordSuccess();
    expect(breaker.snapshot(11_000)).toMatchObject({ state: 'closed', consecutiveFailures: 0, openedAt: null, trialInFlight: false });
    expect(breaker.acquire(11_000)).toEqual(normal);
  });

  it('opens again for a full cool-down when the trial fails', () => {
    const breaker = opened();
    const trial = breaker.acquire(11_000)!;
    breaker.recordFailure(12_000, trial);
    expect(breaker.state(21_999)).toBe('open');
    expect(breaker.state(22_000)).toBe('half_open');
    expect(breaker.snapshot(12_000).timesOpened).toBe(2);
  });

  it('allows another trial when the last one was released without an answer', () => {
    const breaker = opened();
    const trial = breaker.acquire(11_000)!;
    breaker.release(trial);
    expect(breaker.acquire(11_000)).toMatchObject({ kind: 'trial' });
  });

  it('does not let a late failure of an ordinary call reopen or extend a half-open breaker', () => {
    const breaker = opened();
    breaker.acquire(11_000);
    breaker.recordFailure(11_500, normal);
    expect(breaker.snapshot(11_500)).toMatchObject({ state: 'half_open', openedAt: 1_000, trialInFlight: true });
  });

  it('treats a trial from an earlier opening as an ordinary call', () => {
    const breaker = opened();
    const oldTrial = breaker.acquire(11_000)!;
    breaker.recordSuccess();
    for (let i = 0; i < 3; i++) breaker.recordFailure(12_000, normal);
    const newTrial = breaker.acquire(22_000);
    expect(newTrial).toMatchObject({ kind: 'trial' });
    breaker.release(oldTrial);
    expect(breaker.acquire(22_000)).toBeNull();
    breaker.recordFailure(22_100, oldTrial);
    expect(breaker.snapshot(22_100)).toMatchObject({ state: 'half_open', trialInFlight: true });
  });
});
