export const SESSION_COOKIE = 'vigil_session';

export interface CookieOptions {
  /** The request came over https. */
  secure: boolean;
  maxAgeSeconds: number;
}

/** Set-Cookie for a session: httpOnly, SameSite=Strict, Path=/, Secure over https. */
export function sessionCookie(value: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** Set-Cookie that removes the session cookie. */
export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', { secure, maxAgeSeconds: 0 });

/** The session cookie's value in a Cookie header, or null. */
export function readSessionCookie(header: string | string[] | undefined): string | null {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text) return null;
  for (const pair of text.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : null;
  }
  return null;
}

const IDLE_MS = 12 * 60 * 60_000;
const LONGEST_MS = 7 * 24 * 60 * 60_000;
export const SESSION_MAX_AGE_SECONDS = LONGEST_MS / 1000;

/** A session ends after 12 hours unused, and 7 days after sign-in whatever happens. */
export const sessionExpiry = (createdAt: number, now: number): number => Math.min(now + IDLE_MS, createdAt + LONGEST_MS);
