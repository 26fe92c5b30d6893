import { describe, expect, it } from 'vitest';
import { rasterizeMaskI420 } from './privacy-mask.js';

describe('rasterizeMaskI420', () => {
  it('draws the polygon into every plane, 255 inside and 0 outside', () => {
    const mask = rasterizeMaskI420([[[0, 0], [0.5, 0], [0.5, 1], [0, 1]]], 8, 4);
    const luma = [...mask.subarray(0, 32)];
    expect(luma.slice(0, 8)).toEqual([255, 255, 255, 255, 0, 0, 0, 0]);
    expect(luma.slice(24, 32)).toEqual([255, 255, 255, 255, 0, 0, 0, 0]);
    expect([...mask.subarray(32, 40)]).toEqual([255, 255, 0, 0, 255, 255, 0, 0]);
    expect([...mask.subarray(40, 48)]).toEqual([255, 255, 0, 0, 255, 255, 0, 0]);
    expect(mask.length).toBe(48);
  });

  it('averages chroma over a 2×2 block on an edge, and joins several polygons', () => {
    const mask = rasterizeMaskI420(
      [
        [[0, 0], [0.125, 0], [0.125, 1], [0, 1]],
        [[0.75, 0], [1, 0], [1, 0.5], [0.75, 0.5]],
      ],
      8,
      4,
    );
    expect([...mask.subarray(0, 8)]).toEqual([255, 0, 0, 0, 0, 0, 255, 255]);
    expect([...mask.subarray(16, 24)]).toEqual([255, 0, 0, 0, 0, 0, 0, 0]);
    expect([...mask.subarray(32, 40)]).toEqual([128, 0, 0, 255, 128, 0, 0, 0]);
  });

  it('is all zero without polygons, and refuses odd sizes', () => {
    expect(rasterizeMaskI420([], 4, 2).every((b) => b === 0)).toBe(true);
    expect(() => rasterizeMaskI420([], 5, 2)).toThrow(RangeError);
  });
});
