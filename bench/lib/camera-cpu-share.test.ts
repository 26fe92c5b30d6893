import { describe, expect, it } from 'vitest';
import { cameraShares, summarizeShares, type CameraShare } from './camera-cpu-share.js';

describe('cameraShares', () => {
  const pids = new Map([[101, 'a'], [102, 'b'], [103, 'c']]);

  it('charges each camera its own ffmpeg and an equal part of Node', () => {
    const { shares, missing } = cameraShares({ seconds: 10, nodeSeconds: 0.4, ffmpegSecondsByPid: { '101': 0.1, '102': 0.3 } }, pids, ['a', 'b']);
    expect(missing).toEqual([]);
    expect(shares).toEqual([
      { cameraId: 'a', ffmpegPct: 1, nodeSharePct: 2, totalPct: 3 },
      { cameraId: 'b', ffmpegPct: 3, nodeSharePct: 2, totalPct: 5 },
    ]);
  });

  it('lists a streaming camera whose ffmpeg did not last the interval, and ignores cameras not streaming', () => {
    const { shares, missing } = cameraShares({ seconds: 10, nodeSeconds: 0.3, ffmpegSecondsByPid: { '101': 0.1, '103': 0.2, '999': 5 } }, pids, ['a', 'b']);
    expect(shares.map((s) => s.cameraId)).toEqual(['a']);
    expect(shares[0]!.nodeSharePct).toBeCloseTo(1.5);
    expect(missing).toEqual(['b']);
  });
});

describe('summarizeShares', () => {
  const share = (cameraId: string, ffmpegPct: number, nodeSharePct: number): CameraShare => ({ cameraId, ffmpegPct, nodeSharePct, totalPct: ffmpegPct + nodeSharePct });

  it('takes the median over intervals of the per-camera means, and each camera\'s median', () => {
    const summary = summarizeShares([
      [share('a', 1, 1), share('b', 3, 1)],
      [share('a', 2, 2), share('b', 4, 2)],
      [share('a', 9, 5), share('b', 9, 5)],
    ]);
    expect(summary.perCameraPct).toBe(5);
    expect(summary.ffmpegPct).toBe(3);
    expect(summary.nodeSharePct).toBe(2);
    expect(summary.byCamera).toEqual({ a: 4, b: 6 });
    expect(summary.cameraMinPct).toBe(4);
    expect(summary.cameraMaxPct).toBe(6);
  });
});
