import { describe, expect, it } from 'vitest';
import { csrfAccepted, csrfTokenOf, needsCsrf } from './csrf.js';
import { sha256Hex } from './secrets.js';

describe('CSRF', () => {
  const token = csrfTokenOf('session-id');
  const digest = sha256Hex(token);

  it('asks only unsafe methods for the token', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'delete'].every(needsCsrf)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(needsCsrf)).toBe(false);
    expect(csrfAccepted('GET', undefined, digest)).toBe(true);
  });

  it('accepts the matching token and refuses a missing or wrong one', () => {
    expect(csrfAccepted('POST', token, digest)).toBe(true);
    expect(csrfAccepted('POST', [token], digest)).toBe(true);
    expect(csrfAccepted('POST', undefined, digest)).toBe(false);
    expect(csrfAccepted('DELETE', '', digest)).toBe(false);
    expect(csrfAccepted('PUT', csrfTokenOf('another-session'), digest)).toBe(false);
  });

  it('derives a stable token per session', () => {
    expect(csrfTokenOf('session-id')).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
