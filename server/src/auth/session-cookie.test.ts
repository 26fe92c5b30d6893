import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readSessionCookie, sessionCookie, sessionExpiry } from './session-cookie.js';

const VALUE = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde';

describe('session cookie', () => {
  it('is httpOnly, SameSite=Strict and site-wide; Secure only over https', () => {
    expect(sessionCookie(VALUE, { secure: false, maxAgeSeconds: 60 })).toBe(`vigil_session=${VALUE}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`);
    expect(sessionCookie(VALUE, { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toBe('vigil_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('is read from a Cookie header among others; malformed values are ignored', () => {
    expect(readSessionCookie(`theme=dark; vigil_session=${VALUE}; other=1`)).toBe(VALUE);
    expect(readSessionCookie(['a=1', `vigil_session=${VALUE}`])).toBe(VALUE);
    expect(readSessionCookie('vigil_session=short')).toBeNull();
    expect(readSessionCookie('vigil_session=with spaces and "quotes"')).toBeNull();
    expect(readSessionCookie('x_vigil_session=' + VALUE)).toBeNull();
    expect(readSessionCookie(undefined)).toBeNull();
  });

  it('expires 12 hours after last use, and at most 7 days after sign-in', () => {
    const hour = 3_600_000;
    expect(sessionExpiry(0, 0)).toBe(12 * hour);
    expect(sessionExpiry(0, 100 * hour)).toBe(112 * hour);
    expect(sessionExpiry(0, 160 * hour)).toBe(168 * hour);
  });
});
