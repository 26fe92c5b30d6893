import { describe, expect, it } from 'vitest';
import { decideSend, validThrottle, windowAfterDigest, type ThrottleWindow } from './email-throttle.js';

const limits = { maxPerWindow: 3, windowMs: 1000 };

function run(times: number[], holdingFrom = Infinity): string[] {
  let window: ThrottleWindow | null = null;
  let holding = false;
  return times.map((t, i) => {
    const decision = decideSend(window, t, limits, holding || i >= holdingFrom);
    window = decision.window;
    if (decision.action === 'hold') holding = true;
    return decision.action === 'hold' ? `hold@${decision.flushAt}` : 'send';
  });
}

describe('flood throttle', () => {
  it('sends up to the limit in a window and holds the rest until the window ends', () => {
    expect(run([100, 200, 300, 400, 500])).toEqual(['send', 'send', 'send', 'hold@1100', 'hold@1100']);
  });

  it('opens a fresh window after a quiet spell', () => {
    let window: ThrottleWindow | null = null;
    for (const t of [0, 10, 20]) window = decideSend(window, t, limits, false).window;
    expect(decideSend(window, 999, limits, false).action).toBe('hold');
    const later = decideSend(window, 1000, limits, false);
    expect(later).toEqual({ action: 'send', window: { startedAt: 1000, sent: 1 } });
  });

  it('keeps newcomers behind a digest that has not gone out yet, even past the window end', () => {
    const window = { startedAt: 0, sent: 3 };
    expect(decideSend(window, 5000, limits, true)).toEqual({ action: 'hold', window, flushAt: 1000 });
  });

  it('counts the digest as the first mail of the next window', () => {
    const window = windowAfterDigest(1000);
    expect(decideSend(window, 1001, limits, false)).toEqual({ action: 'send', window: { startedAt: 1000, sent: 2 } });
    expect(decideSend({ startedAt: 1000, sent: 3 }, 1500, limits, false).action).toBe('hold');
  });

  it('defaults to 5 per minute and refuses limits that cannot work', () => {
    expect(validThrottle(undefined)).toEqual({ maxPerWindow: 5, windowMs: 60_000 });
    expect(validThrottle({ windowMs: 500 })).toEqual({ maxPerWindow: 5, windowMs: 500 });
    expect(() => validThrottle({ maxPerWindow: 0 })).toThrow(/maxPerWindow/);
    expect(() => validThrottle({ windowMs: -1 })).toThrow(/windowMs/);
  });
});
