import { describe, expect, it } from 'vitest';
import { removesLastAdmin } from './last-admin.js';

const admin = { role: 'admin' as const, disabled: false };

describe('last admin', () => {
  it('protects the only enabled admin from deletion, demotion and disabling', () => {
    expect(removesLastAdmin(admin, null, 1)).toBe(true);
    expect(removesLastAdmin(admin, { role: 'operator', disabled: false }, 1)).toBe(true);
    expect(removesLastAdmin(admin, { role: 'admin', disabled: true }, 1)).toBe(true);
  });

  it('lets other changes through', () => {
    expect(removesLastAdmin(admin, { role: 'admin', disabled: false }, 1)).toBe(false);
    expect(removesLastAdmin(admin, null, 2)).toBe(false);
    expect(removesLastAdmin({ role: 'admin', disabled: true }, null, 1)).toBe(false);
    expect(removesLastAdmin({ role: 'viewer', disabled: false }, null, 1)).toBe(false);
  });
});
