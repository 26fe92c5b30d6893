import { describe, expect, it } from 'vitest';
import type { UserDto } from '../api/contracts.js';
import {
  cameraAccessText,
  createBody,
  emptyUserForm,
  updateBody,
  userFieldErrors,
  userFormFrom,
  usernameProblem,
  validateUserForm,
} from './user-form.js';

const sam: UserDto = {
  id: 'u1',
  username: 'sam',
  displayName: 'Sam Lee',
  role: 'operator',
  cameras: ['dock-2', 'dock-1'],
  disabled: false,
  createdAt: '2025-01-01T00:00:00.000Z',
};

describe('user form', () => {
  it('checks usernames like the server', () => {
    expect(usernameProblem('sam.lee_2-x')).toBeNull();
    expect(usernameProblem('sam@plant.example')).toBeNull();
    expect(usernameProblem('.sam')).toMatch(/lower-case/i);
    expect(usernameProblem('')).toMatch(/enter/i);
    expect(usernameProblem('sam!')).toMatch(/lower-case/i);
    expect(usernameProblem('sam lee')).toMatch(/lower-case/i);
    expect(usernameProblem('a'.repeat(65))).toMatch(/64/);
  });

  it('needs a 10-character password on create, and only a changed one on edit', () => {
    const values = { ...emptyUserForm(), username: 'sam', password: 'short' };
    expect(validateUserForm(values, 'create')).toEqual({ password: 'At least 10 characters.' });
    expect(validateUserForm({ ...values, password: '0123456789' }, 'create')).toEqual({});
    expect(validateUserForm({ ...values, username: ' Sam.Lee ', password: '0123456789' }, 'create')).toEqual({});
    expect(validateUserForm({ ...values, password: 'x'.repeat(1001) }, 'create')).toEqual({ password: 'At most 1000 characters.' });
    expect(validateUserForm({ ...userFormFrom(sam) }, 'edit')).toEqual({});
    expect(validateUserForm({ ...userFormFrom(sam), password: '123' }, 'edit')).toEqual({ password: 'At least 10 characters.' });
  });

  it('needs a camera when not all cameras', () => {
    const values = { ...emptyUserForm(), username: 'sam', password: '0123456789', allCameras: false };
    expect(validateUserForm(values, 'create').cameras).toMatch(/at least one camera/);
    expect(validateUserForm({ ...values, cameras: ['dock-1'] }, 'create')).toEqual({});
  });

  it('builds the create body, falling back to the username as display name', () => {
    const values = { ...emptyUserForm(), username: ' Sam ', password: '0123456789', allCameras: false, cameras: ['b', 'a'] };
    expect(createBody(values)).toEqual({ username: 'sam', displayName: 'sam', password: '0123456789', role: 'viewer', cameras: ['a', 'b'] });
    expect(createBody({ ...values, allCameras: true }).cameras).toBeNull();
  });

  it('sends only what an edit changed', () => {
    expect(updateBody(userFormFrom(sam), sam)).toEqual({});
    expect(updateBody({ ...userFormFrom(sam), cameras: ['dock-1', 'dock-2'] }, sam)).toEqual({});
    expect(updateBody({ ...userFormFrom(sam), role: 'admin', allCameras: true, password: 'new-password-1', disabled: true }, sam)).toEqual({
      role: 'admin',
      cameras: null,
      password: 'new-password-1',
      disabled: true,
    });
    expect(updateBody({ ...userFormFrom(sam), displayName: '  ' }, sam)).toEqual({ displayName: 'sam' });
  });

  it('sorts server field errors onto the form', () => {
    expect(
      userFieldErrors([
        { path: 'username', message: 'taken' },
        { path: 'body.cameras.0', message: 'unknown camera' },
        { path: 'other', message: 'odd' },
        { path: '', message: 'bad' },
      ]),
    ).toEqual({ byField: { username: 'taken', cameras: 'unknown camera' }, general: ['other: odd', 'bad'] });
  });

  it('describes camera access', () => {
    expect(cameraAccessText(null)).toBe('All cameras');
    expect(cameraAccessText([])).toBe('No cameras');
    expect(cameraAccessText(['dock-1', 'dock-2'])).toBe('dock-1, dock-2');
  });
});
