import { describe, expect, it } from 'vitest';
import type { UserDto } from '../api/contracts.js';
import { allowedActions, can, effectiveRole, roleOfScopes } from './access.js';

const user = (role: UserDto['role'], disabled = false): UserDto => ({
  id: 'u1',
  username: 'sam',
  displayName: 'Sam',
  role,
  cameras: null,
  disabled,
  createdAt: '2025-01-01T00:00:00.000Z',
});

describe('access by role', () => {
  it('gives each role its actions', () => {
    expect(allowedActions('viewer')).toEqual([]);
    expect(allowedActions('operator')).toEqual(['respond']);
    expect(allowedActions('admin')).toEqual(['respond', 'editZones', 'publishTokens', 'manageUsers', 'seeAllTokens']);
    expect(allowedActions(null)).toEqual([]);
    expect(can('viewer', 'respond')).toBe(false);
    expect(can('operator', 'editZones')).toBe(false);
    expect(can('admin', 'manageUsers')).toBe(true);
  });

  it('reads the highest scope', () => {
    expect(roleOfScopes(['read'])).toBe('viewer');
    expect(roleOfScopes(['read', 'operate'])).toBe('operator');
    expect(roleOfScopes(['admin', 'read'])).toBe('admin');
    expect(roleOfScopes(['unknown'])).toBeNull();
    expect(roleOfScopes([])).toBeNull();
  });

  it('counts the root token as admin and limits a stored token to its scopes and its user', () => {
    expect(effectiveRole({ user: null, principal: 'root', scopes: [] })).toBe('admin');
    expect(effectiveRole({ user: user('operator'), principal: 'session', scopes: [] })).toBe('operator');
    expect(effectiveRole({ user: user('viewer'), principal: 'proxy', scopes: [] })).toBe('viewer');
    expect(effectiveRole({ user: user('admin'), principal: 'token', scopes: ['read', 'operate'] })).toBe('operator');
    expect(effectiveRole({ user: user('viewer'), principal: 'token', scopes: ['admin'] })).toBe('viewer');
    expect(effectiveRole({ user: user('admin'), principal: 'token', scopes: [] })).toBeNull();
    expect(effectiveRole({ user: null, principal: 'session', scopes: [] })).toBeNull();
    expect(effectiveRole({ user: user('admin', true), principal: 'session', scopes: [] })).toBeNull();
  });
});
