import { describe, expect, it } from 'vitest';
import { expiresAtFor, scopeChoices, scopesUpTo, tokenState, topScope } from './token-scopes.js';

describe('token scopes', () => {
  it('offers scopes only up to the role', () => {
    expect(scopeChoices('viewer')).toEqual(['read']);
    expect(scopeChoices('operator')).toEqual(['read', 'operate']);
    expect(scopeChoices('admin')).toEqual(['read', 'operate', 'admin']);
  });

  it('nests scopes and names the top one', () => {
    expect(scopesUpTo('read')).toEqual(['read']);
    expect(scopesUpTo('admin')).toEqual(['read', 'operate', 'admin']);
    expect(topScope(['read', 'operate'])).toBe('operate');
    expect(topScope([])).toBeNull();
  });

  it('turns an expiry choice into a date', () => {
    const now = Date.parse('2025-03-01T12:00:00.000Z');
    expect(expiresAtFor('never', now)).toBeUndefined();
    expect(expiresAtFor('7d', now)).toBe('2025-03-08T12:00:00.000Z');
    expect(expiresAtFor('365d', now)).toBe('2026-03-01T12:00:00.000Z');
  });

  it('tells active, expired and revoked tokens apart', () => {
    const now = Date.parse('2025-03-01T12:00:00.000Z');
    expect(tokenState({ expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(tokenState({ expiresAt: '2025-03-02T00:00:00.000Z', revokedAt: null }, now)).toBe('active');
    expect(tokenState({ expiresAt: '2025-03-01T11:59:59.000Z', revokedAt: null }, now)).toBe('expired');
    expect(tokenState({ expiresAt: null, revokedAt: '2025-02-01T00:00:00.000Z' }, now)).toBe('revoked');
  });
});
