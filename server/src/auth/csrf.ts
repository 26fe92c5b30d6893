import { createHash } from 'node:crypto';
import { matchesDigest } from './secrets.js';

export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Requests that change something need the CSRF header when they are authorised by the session cookie. */
export const needsCsrf = (method: string): boolean => UNSAFE_METHODS.has(method.toUpperCase());

/**
 * The session's CSRF token, derived from the session id so that `/api/auth/me` can show it again while only digests
 * are stored. Knowing it needs the cookie, which pages of other sites cannot read.
 */
export const csrfTokenOf = (sessionId: string): string => createHash('sha256').update(`vigil-csrf:${sessionId}`).digest('base64url');

/** Whether an unsafe request carries the session's CSRF token (a safe one needs none). */
export function csrfAccepted(method: string, presented: string | string[] | undefined, csrfSha256: string): boolean {
  if (!needsCsrf(method)) return true;
  const value = Array.isArray(presented) ? presented[0] : presented;
  return matchesDigest(value, csrfSha256);
}
