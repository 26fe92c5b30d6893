import { describe, expect, it } from 'vitest';
import { allows, camerasOfUser, canSeeCamera, scopesAbove, scopesUpTo, tokenAccess, visibleCameraFilter } from './permissions.js';

describe('roles and scopes', () => {
  it('orders read ⊂ operate ⊂ admin', () => {
    expect(allows('read', 'read')).toBe(true);
    expect(allows('read', 'operate')).toBe(false);
    expect(allows('operate', 'read')).toBe(true);
    expect(allows('operate', 'admin')).toBe(false);
    expect(allows('admin', 'operate')).toBe(true);
    expect(scopesUpTo('operate')).toEqual(['read', 'operate']);
  });

  it("caps a token at its user's role", () => {
    expect(tokenAccess('admin', ['read'])).toBe('read');
    expect(tokenAccess('admin', ['read', 'operate'])).toBe('operate');
    expect(tokenAccess('viewer', ['admin'])).toBe('read');
    expect(tokenAccess('operator', ['admin', 'read'])).toBe('operate');
    expect(tokenAccess('admin', ['write'])).toBeNull();
    expect(tokenAccess('admin', [])).toBeNull();
  });

  it('names the scopes above a level', () => {
    expect(scopesAbove('read', ['read', 'operate', 'admin'])).toEqual(['operate', 'admin']);
    expect(scopesAbove('admin', ['read', 'admin'])).toEqual([]);
  });
});

describe('camera visibility', () => {
  it('lets admins and users without a list see every camera', () => {
    expect(camerasOfUser('admin', ['a'])).toBeNull();
    expect(camerasOfUser('viewer', null)).toBeNull();
    expect(camerasOfUser('operator', ['a'])).toEqual(['a']);
    expect(canSeeCamera({ cameras: null }, 'x')).toBe(true);
    expect(canSeeCamera({ cameras: ['a'] }, 'a')).toBe(true);
    expect(canSeeCamera({ cameras: ['a'] }, 'b')).toBe(false);
    expect(canSeeCamera({ cameras: [] }, 'a')).toBe(false);
  });

  it('narrows alert filters to the visible cameras', () => {
    expect(visibleCameraFilter({ cameras: null }, undefined)).toBeUndefined();
    expect(visibleCameraFilter({ cameras: null }, ['b'])).toEqual(['b']);
    expect(visibleCameraFilter({ cameras: ['a', 'c'] }, undefined)).toEqual(['a', 'c']);
    expect(visibleCameraFilter({ cameras: ['a', 'c'] }, ['a', 'b'])).toEqual(['a']);
    expect(visibleCameraFilter({ cameras: ['a'] }, ['b'])).toEqual([]);
    expect(visibleCameraFilter({ cameras: [] }, undefined)).toEqual([]);
  });
});
