import { describe, expect, it } from 'vitest';
import { frameWindows, type Picture } from './frame-windows.js';

const pictures: Picture[] = [0, 1, 2].map((n) => ({ width: 4, height: 2, i420: new Uint8Array(12).fill(n) }));
const options = { cameraId: 'cam', count: 4, framesPerWindow: 2, frameIntervalMs: 500, strideMs: 2000, firstEnd: 10_000 };

describe('frameWindows', () => {
  it('gives each window consecutive pictures, wrapping around the clip, newest at the window end', () => {
    const windows = frameWindows(pictures, options);
    expect(windows.map((w) => w.frames.map((f) => f.i420[0]))).toEqual([[0, 1], [1, 2], [2, 0], [0, 1]]);
    expect(windows[1]).toMatchObject({ cameraId: 'cam', start: 11_000, end: 12_000 });
    expect(windows[1]!.frames.map((f) => f.ts)).toEqual([11_500, 12_000]);
  });

  it('shares the pictures instead of copying them', () => {
    const [first] = frameWindows(pictures, options);
    expect(first!.frames[0]!.i420).toBe(pictures[0]!.i420);
    expect(first!.frames[0]).toMatchObject({ width: 4, height: 2 });
  });

  it('rejects an empty clip and windows without frames', () => {
    expect(() => frameWindows([], options)).toThrow(RangeError);
    expect(() => frameWindows(pictures, { ...options, framesPerWindow: 0 })).toThrow(RangeError);
  });
});
