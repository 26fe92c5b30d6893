import { describe, expect, it } from 'vitest';
import type { Frame, Window } from '../domain/index.js';
import { RollingWindow, thinEvenly } from './rolling-window.js';

const frame = (ts: number): Frame => ({ cameraId: 'dock-1', ts, width: 4, height: 4, i420: new Uint8Array(24) });

function feed(window: RollingWindow, fps: number, fromMs: number, toMs: number, onSize?: (size: number) => void): Window[] {
  const out: Window[] = [];
  for (let ts = fromMs; ts <= toMs; ts += 1000 / fps) {
    const w = window.push(frame(Math.round(ts)));
    onSize?.(window.size);
    if (w) out.push(w);
  }
  return out;
}

describe('RollingWindow', () => {
  it('emits a window every stride, each covering the last length of frames', () => {
    const windows = feed(new RollingWindow('dock-1'), 2, 0, 10_000);
    expect(windows.map((w) => w.end)).toEqual([2000, 4000, 6000, 8000, 10_000]);
    for (const w of windows) {
      expect(w.cameraId).toBe('dock-1');
      expect(w.end - w.start).toBe(4000);
      expect(w.frames.length).toBeLessThanOrEqual(8);
      for (const f of w.frames) expect(f.ts > w.start && f.ts <= w.end).toBe(true);
      expect(w.frames.map((f) => f.ts)).toEqual([...w.frames.map((f) => f.ts)].sort((a, b) => a - b));
      expect(w.frames[w.frames.length - 1]!.ts).toBe(w.end);
    }
    // At 2 fps a full 4 s window holds exactly 8 frames: nothing needs thinning.
    expect(windows[2]!.frames.map((f) => f.ts)).toEqual([2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000]);
  });

  it('holds a bounded number of frames whatever the input rate, spread over the window', () => {
    const window = new RollingWindow('dock-1', { lengthMs: 4000, strideMs: 2000, maxFrames: 8 });
    let largest = 0;
    const windows = feed(window, 100, 0, 20_000, (size) => (largest = Math.max(largest, size)));
    expect(largest).toBeLessThanOrEqual(10);
    expect(windows.length).toBe(10);
    for (const w of windows.slice(2)) {
      expect(w.frames).toHaveLength(8);
      expect(w.frames[w.frames.length - 1]!.ts).toBe(w.end);
      expect(w.frames[0]!.ts - w.start).toBeLessThan(1000);
      const gaps = w.frames.slice(1).map((f, i) => f.ts - w.frames[i]!.ts);
      expect(Math.max(...gaps)).toBeLessThan(1100);
    }
  });

  it('drops frames that arrive out of order and restarts after a large clock jump back', () => {
    const window = new RollingWindow('dock-1', { strideMs: 1000 });
    window.push(frame(1000));
    window.push(frame(1500));
    expect(window.push(frame(1200))).toBeNull();
    expect(window.size).toBe(2);
    const w = window.push(frame(2000));
    expect(w?.frames.map((f) => f.ts)).toEqual([1000, 1500, 2000]);
    window.push(frame(-10_000));
    expect(window.size).toBe(1);
  });

  it('rejects a zero stride', () => {
    expect(() => new RollingWindow('x', { strideMs: 0 })).toThrow(RangeError);
  });
});

describe('thinEvenly', () => {
  it('keeps first and last and spreads the rest', () => {
    expect(thinEvenly([0, 1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([0, 4, 8]);
    expect(thinEvenly([1, 2], 5)).toEqual([1, 2]);
    expect(thinEvenly([1, 2, 3], 1)).toEqual([3]);
  });
});
