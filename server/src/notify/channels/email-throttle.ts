/**
 * Flood throttle for one email channel: up to `maxPerWindow` single mails per window; what comes after is held
 * and goes out as one digest when the window ends. Fixed windows open with the first mail after a quiet spell.
 */

export interface ThrottleLimits {
  maxPerWindow: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { maxPerWindow: 5, windowMs: 60_000 };

export interface ThrottleWindow {
  startedAt: number;
  sent: number;
}

export type ThrottleDecision =
  | { action: 'send'; window: ThrottleWindow }
  | { action: 'hold'; window: ThrottleWindow; flushAt: number };

/**
 * `holding`: deliveries are already waiting for a digest. A newcomer joins them even when the window's end has
 * passed but the digest has not gone yet, so it never overtakes older alerts.
 */
export function decideSend(window: ThrottleWindow | null, now: number, limits: ThrottleLimits, holding: boolean): ThrottleDecision {
  if (holding && window) return { action: 'hold', window, flushAt: window.startedAt + limits.windowMs };
  if (!window || now >= window.startedAt + limits.windowMs) return { action: 'send', window: { startedAt: now, sent: 1 } };
  if (window.sent < limits.maxPerWindow) return { action: 'send', window: { startedAt: window.startedAt, sent: window.sent + 1 } };
  return { action: 'hold', window, flushAt: window.startedAt + limits.windowMs };
}

/** The digest is itself a mail: it opens the next window and counts in it, so a lasting flood stays near the limit. */
export function windowAfterDigest(now: number): ThrottleWindow {
  return { startedAt: now, sent: 1 };
}

export function validThrottle(limits: Partial<ThrottleLimits> | undefined): ThrottleLimits {
  const maxPerWindow = limits?.maxPerWindow ?? DEFAULT_THROTTLE.maxPerWindow;
  const windowMs = limits?.windowMs ?? DEFAULT_THROTTLE.windowMs;
  if (!Number.isInteger(maxPerWindow) || maxPerWindow < 1) throw new Error(`email throttle maxPerWindow must be a whole number ≥ 1, got ${maxPerWindow}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new Error(`email throttle windowMs must be > 0, got ${windowMs}`);
  return { maxPerWindow, windowMs };
}
