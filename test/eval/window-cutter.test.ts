import { describe, expect, it } from 'vitest';
import type { Frame, Window } from '../../server/src/domain/index.js';
import { WindowCutter } from '../../eval/window-cutter.js';

const frame = (ts: number): Frame => ({ cameraId: 'bay', ts, width: 2, height: 2, i420: new Uint8Array(6) });
const shape = (w: Window) => ({ start: w.start, end: w.end, frames: w.frames.map((f) => f.ts) });

function cut(times: number[], lengthMs: number, clipEndMs: number) {
  const cutter = new WindowCutter('bay', lengthMs);
  const windows = times.flatMap((ts) => cutter.push(frame(ts)));
  const last = cutter.finish(clipEndMs);
  return [...windows, ...(last ? [last] : [])].map(shape);
}

describe('WindowCutter', () => {
  it('cuts consecutive windows and shortens the last at the clip end', () => {
    const times = [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500];
    expect(cut(times, 2000, 5000)).toEqual([
      { start: 0, end: 2000, frames: [0, 500, 1000, 1500] },
      { start: 2000, end: 4000, frames: [2000, 2500, 3000, 3500] },
      { start: 4000, end: 5000, frames: [4000, 4500] },
    ]);
  });

  it('hands a window out as soon as a frame past its end arrives', () => {
    const cutter = new WindowCutter('bay', 1000);
    expect(cutter.push(frame(0))).toEqual([]);
    expect(cutter.push(frame(500))).toEqual([]);
    expect(cutter.push(frame(1000)).map(shape)).toEqual([{ start: 0, end: 1000, frames: [0, 500] }]);
  });

  it('skips stretches without frames and keeps windows on the grid', () => {
    expect(cut([0, 5500], 2000, 6000)).toEqual([
      { start: 0, end: 2000, frames: [0] },
      { start: 4000, end: 6000, frames: [5500] },
    ]);
  });

  it('gives nothing for a clip without frames', () => {
    expect(cut([], 2000, 0)).toEqual([]);
  });

  it('rejects a window length that is not positive', () => {
    expect(() => new WindowCutter('bay', 0)).toThrow(RangeError);
  });
});
