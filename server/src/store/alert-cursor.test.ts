import { describe, expect, it } from 'vitest';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.js';

describe('alert cursor', () => {
  it('round-trips a position as an opaque base64url token', () => {
    const position = { startedAt: 1_768_464_000_123, id: '0b7e2f4c-9a51-4c1e-8d2a-3f6b7c8d9e0f' };
    const token = encodeAlertCursor(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAlertCursor(token)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from('{"startedAt":1,"id":"x"}').toString('base64url')],
    ['fractional time', Buffer.from('[1.5,"0b7e2f4c-9a51-4c1e-8d2a-3f6b7c8d9e0f"]').toString('base64url')],
    ['id not a UUID', Buffer.from("[1,\"1' or 1=1\"]").toString('base64url')],
  ])('refuses %s with invalid_input', (_name, token) => {
    expect(() => decodeAlertCursor(token)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });
});
