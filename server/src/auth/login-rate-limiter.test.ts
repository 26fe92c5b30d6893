import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limiter.js';

const MINUTE = 60_000;

function limiter() {
  let now = 1_000_000;
  const clock = { advance: (ms: number) => void (now += ms) };
  return { rate: new LoginRateLimiter(() => now), clock };
}

describe('LoginRateLimiter', () => {
  it('refuses a username after 5 failures until the oldest leaves the 15-minute window', () => {
    const { rate, clock } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(rate.check('maria', '10.0.0.1')).toEqual({ allowed: true });
      rate.fail('maria', '10.0.0.1');
      clock.advance(MINUTE);
    }
    expect(rate.check('maria', '10.0.0.9')).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    expect(rate.check('jonas', '10.0.0.9')).toEqual({ allowed: true });
    clock.advance(10 * MINUTE);
    expect(rate.check('maria', '10.0.0.9')).toEqual({ allowed: true });
  });

  it('refuses an address after 20 failures whatever the username', () => {
    const { rate } = limiter();
    for (let i = 0; i < 20; i++) rate.fail(`user-${i}`, '10.0.0.2');
    expect(rate.check('someone-else', '10.0.0.2')).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
    expect(rate.check('someone-else', '10.0.0.3')).toEqual({ allowed: true });
  });

  it("clears the username's failures on success", () => {
    const { rate } = limiter();
    for (let i = 0; i < 4; i++) rate.fail('maria', '10.0.0.1');
    rate.succeed('maria');
    for (let i = 0; i < 4; i++) rate.fail('maria', '10.0.0.1');
    expect(rate.check('maria', '10.0.0.1').allowed).toBe(true);
  });
});
