import { describe, expect, it } from 'vitest';
import type { Frame } from '../domain/index.js';
import { FrameHistory } from './frame-history.js';

const frame = (cameraId: string, ts: number): Frame => ({ cameraId, ts, width: 2, height: 2, i420: new Uint8Array(6).fill(ts % 256) });

describe('FrameHistory', () => {
  it('finds the frame nearest a time, per camera', () => {
    const history = new FrameHistory();
    for (const ts of [1000, 1500, 2000, 2500]) history.push(frame('a', ts));
    history.push(frame('b', 1700));
    expect(history.nearest('a', 1740)?.ts).toBe(1500);
    expect(history.nearest('a', 1760)?.ts).toBe(2000);
    expect(history.nearest('b', 0)?.ts).toBe(1700);
    expect(history.nearest('c', 0)).toBeNull();
  });

  it('keeps a bounded number of frames per camera', () => {
    const history = new FrameHistory(3);
    for (let ts = 0; ts < 100; ts++) history.push(frame('a', ts));
    expect(history.nearest('a', 0)?.ts).toBe(97);
    history.forget('a');
    expect(history.nearest('a', 0)).toBeNull();
  });

  it('keeps only the last seconds of frames, and always the newest', () => {
    const history = new FrameHistory(100, 2000);
    for (let ts = 0; ts <= 10_000; ts += 500) history.push(frame('a', ts));
    expect(history.nearest('a', 0)?.ts).toBe(8000);
    history.push(frame('a', 60_000));
    expect(history.nearest('a', 0)?.ts).toBe(60_000);
  });
});
