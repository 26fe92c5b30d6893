import { describe, expect, it } from 'vitest';
import { addedViewerPct, costRatio, kbitPerSecond, noiseFloorPct, pctOfCore, viewerCost } from './live-viewer-cost.js';

describe('live viewer cost', () => {
  it('takes the phase median above the baseline median, and shares it among the viewers', () => {
    const cost = viewerCost([10, 12, 11], [19, 15, 17], 4);
    expect(cost).toEqual({ viewers: 4, abovePct: 6, perViewerPct: 1.5 });
  });

  it('gives the cost of each viewer beyond the first from the slope between phases', () => {
    const one = viewerCost([10], [30], 1);
    const eight = viewerCost([10], [37], 8);
    expect(addedViewerPct(one, eight)).toBe(1);
    expect(addedViewerPct(one, one)).toBeNaN();
  });

  it('sets the noise floor at the baseline spread, never below the clock tick', () => {
    expect(noiseFloorPct([10, 10.8, 10.3], 0.25)).toBeCloseTo(0.8);
    expect(noiseFloorPct([10, 10.1], 0.25)).toBe(0.25);
    expect(noiseFloorPct([10], 0.25)).toBe(0.25);
  });

  it('gives a ratio only when the denominator stands out of the noise', () => {
    expect(costRatio(20, 2, 0.5, 'WebRTC')).toEqual({ measurable: true, ratio: 10 });
    const hidden = costRatio(20, 0.3, 0.5, 'WebRTC');
    expect(hidden.measurable).toBe(false);
    expect(hidden.measurable ? '' : hidden.reason).toMatch(/^WebRTC cost 0\.30 % of a core, within the baseline's noise \(±0\.50 %\)$/);
    expect(costRatio(Number.NaN, 2, 0.5, 'WebRTC')).toEqual({ measurable: false, reason: 'not measured' });
  });

  it('converts CPU seconds and bytes to rates', () => {
    expect(pctOfCore(2, 8)).toBe(25);
    expect(kbitPerSecond(100_000, 8)).toBe(100);
    expect(pctOfCore(1, 0)).toBeNaN();
  });
});
