/**
 * Seconds to wait from a `Retry-After` header (delay in seconds, or an HTTP date) read at `now`; null when absent
 * or unreadable. Never less than one second: "try again in 0 s" helps nobody.
 */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Math.max(1, Number(value));
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - now) / 1000));
}

/** What a refused sign-in says after too many attempts. */
export function tooManyAttemptsMessage(seconds: number | null): string {
  if (seconds === null) return 'Too many attempts. Wait a while, then try again.';
  return `Too many attempts, try again in ${seconds} s.`;
}
