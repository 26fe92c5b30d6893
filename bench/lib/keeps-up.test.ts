import { describe, expect, it } from 'vitest';
import { judgeKeepsUp, type CameraCounts } from './keeps-up.js';

const fleet = (n: number, first: number, second: number): CameraCounts[] =>
  Array.from({ length: n }, (_, i) => ({ camera: `cam-${i}`, firstHalf: first, secondHalf: second }));
const base = { firstSeconds: 10, secondSeconds: 10, configuredFps: 2, relayDrops: 0, online: 4, expected: 4 };

describe('judgeKeepsUp', () => {
  it('passes a fleet at the configured rate', () => {
    const v = judgeKeepsUp({ ...base, counts: fleet(4, 20, 20) });
    expect(v).toMatchObject({ keepsUp: true, fpsMin: 2, fpsMedian: 2, secondHalfShare: 1, lagGrowthMedianS: 0 });
  });

  it('fails when one camera is below 90 % of the rate', () => {
    const counts = [...fleet(3, 20, 20), { camera: 'slow', firstHalf: 17, secondHalf: 18 }];
    const v = judgeKeepsUp({ ...base, counts });
    expect(v.keepsUp).toBe(false);
    expect(v.reasons[0]).toContain('slowest camera at 1.75 fps');
  });

  it('accepts a fleet catching up in the first half, but not one whose lag still grows at the end', () => {
    expect(judgeKeepsUp({ ...base, counts: fleet(4, 22, 19) }).keepsUp).toBe(true);
    expect(judgeKeepsUp({ ...base, counts: fleet(4, 20, 18) }).reasons.join()).toContain('second half at 90.0 %');
  });

  it('fails when the relay dropped packets or cameras are missing', () => {
    expect(judgeKeepsUp({ ...base, counts: fleet(4, 20, 20), relayDrops: 3 }).reasons.join()).toContain('relay dropped 3');
    expect(judgeKeepsUp({ ...base, counts: fleet(3, 20, 20), online: 3 }).keepsUp).toBe(false);
  });

  it('reports stream time not delivered as lag growth', () => {
    expect(judgeKeepsUp({ ...base, counts: fleet(4, 19, 19) }).lagGrowthMedianS).toBeCloseTo(1);
  });
});
