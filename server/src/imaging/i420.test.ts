import { describe, expect, it } from 'vitest';
import { i420ToRgb } from './i420.js';

/** A 2x2 picture of one colour: four Y samples, one U, one V. */
const solid = (y: number, u: number, v: number) => ({ width: 2, height: 2, i420: Uint8Array.from([y, y, y, y, u, v]) });

describe('i420ToRgb', () => {
  it('maps studio-range black, white and gray to full-range RGB', () => {
    expect([...i420ToRgb(solid(16, 128, 128)).subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...i420ToRgb(solid(235, 128, 128)).subarray(0, 3)]).toEqual([255, 255, 255]);
    const gray = [...i420ToRgb(solid(126, 128, 128)).subarray(0, 3)];
    expect(gray.every((c) => Math.abs(c - 128) <= 1)).toBe(true);
  });

  it('keeps the colour of BT.601 primaries', () => {
    const near = (rgb: Uint8Array, expected: number[]) => expected.forEach((c, i) => expect(Math.abs(rgb[i]! - c)).toBeLessThanOrEqual(3));
    near(i420ToRgb(solid(81, 90, 240)), [255, 0, 0]);
    near(i420ToRgb(solid(145, 54, 34)), [0, 255, 0]);
    near(i420ToRgb(solid(41, 240, 110)), [0, 0, 255]);
  });

  it('shares each chroma sample with its 2x2 block', () => {
    // 4x2: left block red, right block blue.
    const i420 = Uint8Array.from([81, 81, 41, 41, 81, 81, 41, 41, 90, 240, 240, 110]);
    const rgb = i420ToRgb({ width: 4, height: 2, i420 });
    expect(rgb[0]! > 200 && rgb[2]! < 30).toBe(true);
    expect(rgb[3 * 3 + 2]! > 200 && rgb[3 * 3]! < 30).toBe(true);
  });

  it('refuses a buffer too short for its size', () => {
    expect(() => i420ToRgb({ width: 4, height: 4, i420: new Uint8Array(10) })).toThrow(/needs 24 bytes, got 10/);
  });
});
