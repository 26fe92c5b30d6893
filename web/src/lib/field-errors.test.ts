import { describe, expect, it } from 'vitest';
import { zoneFieldErrors } from './field-errors.js';

describe('zone field errors from the API', () => {
  it('groups messages by zone index and keeps the rest', () => {
    const { byZone, general } = zoneFieldErrors([
      { path: 'zones.0.polygon.2.1', message: 'must be between 0 and 1' },
      { path: 'zones.0.id', message: 'must be lower-case letters, digits and dashes' },
      { path: 'zones.3', message: 'bad zone' },
      { path: 'zones', message: 'too many' },
      { path: '', message: 'invalid body' },
    ]);
    expect(byZone.get(0)).toEqual(['polygon.2.1: must be between 0 and 1', 'id: must be lower-case letters, digits and dashes']);
    expect(byZone.get(3)).toEqual(['bad zone']);
    expect(general).toEqual(['zones: too many', 'invalid body']);
  });
});
