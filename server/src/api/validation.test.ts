import { describe, expect, it } from 'vitest';
import { VigilError } from '../domain/index.js';
import { CameraCreate } from '../contracts/index.js';
import { parseInput } from './validation.js';

describe('parseInput', () => {
  it('throws invalid_input naming each field, unknown keys at their own path', () => {
    const body = { id: 'x', name: 'X', url: 'sim://x', zones: [{ id: 'z', name: 'Z', polygon: [[0, 0], [2, 0], [0, 1]] }], extra: 1 };
    try {
      parseInput(CameraCreate, body, 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VigilError);
      const e = error as VigilError;
      expect(e.code).toBe('invalid_input');
      expect(e.details).toEqual({
        fields: [
          { path: 'zones.0.polygon.1.0', message: 'must be between 0 and 1' },
          { path: 'extra', message: 'unknown field' },
        ],
      });
      expect(e.message).toContain('zones.0.polygon.1.0');
    }
  });

  it('returns the parsed value', () => {
    expect(parseInput(CameraCreate, { id: 'x', name: 'X', url: 'sim://x' }, 'body').sample).toEqual({ fps: 2, maxSide: 640 });
  });
});
