import { describe, expect, it } from 'vitest';
import { isPredictedPresent, overlapsAny, scoreOutcomes, type HazardOutcome } from '../../eval/scoring.js';

const outcome = (hazard: string, truth: boolean, predicted: boolean, noAnswer: HazardOutcome['noAnswer'] = null): HazardOutcome => ({ hazard, truth, predicted, noAnswer });

describe('overlapsAny', () => {
  const window = { start: 4, end: 8 };
  it('is true when a label shares time with the window', () => {
    expect(overlapsAny(window, [{ start: 7.9, end: 12 }])).toBe(true);
    expect(overlapsAny(window, [{ start: 0, end: 4.1 }])).toBe(true);
    expect(overlapsAny(window, [{ start: 5, end: 6 }])).toBe(true);
    expect(overlapsAny(window, [{ start: 0, end: 20 }])).toBe(true);
    expect(overlapsAny(window, [{ start: 4, end: 4.5 }])).toBe(true);
  });
  it('is false for labels that only touch the window or lie elsewhere, and for no labels', () => {
    expect(overlapsAny(window, [{ start: 0, end: 4 }])).toBe(false);
    expect(overlapsAny(window, [{ start: 8, end: 9 }])).toBe(false);
    expect(overlapsAny(window, [{ start: 0, end: 1 }, { start: 9, end: 10 }])).toBe(false);
    expect(overlapsAny(window, [])).toBe(false);
  });
});

describe('isPredictedPresent', () => {
  it('needs present and a confidence at or above the threshold', () => {
    expect(isPredictedPresent({ present: true, confidence: 0.5 }, 0.5)).toBe(true);
    expect(isPredictedPresent({ present: true, confidence: 0.49 }, 0.5)).toBe(false);
    expect(isPredictedPresent({ present: false, confidence: 0.99 }, 0.5)).toBe(false);
    expect(isPredictedPresent(undefined, 0)).toBe(false);
  });
});

describe('scoreOutcomes', () => {
  it('counts TP/FP/FN/TN per hazard and derives precision, recall and F1', () => {
    const { hazards, all } = scoreOutcomes([
      outcome('spill', true, true),
      outcome('spill', true, true),
      outcome('spill', true, false),
      outcome('spill', false, true),
      outcome('spill', false, false),
      outcome('spill', false, false, 'unreadable'),
      outcome('zone', true, false, 'missing'),
      outcome('zone', false, false),
    ]);
    expect(hazards[0]).toEqual({ hazard: 'spill', windows: 6, tp: 2, fp: 1, fn: 1, tn: 2, noAnswer: 1, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    expect(hazards[1]).toEqual({ hazard: 'zone', windows: 2, tp: 0, fp: 0, fn: 1, tn: 1, noAnswer: 1, precision: null, recall: 0, f1: null });
    expect(all).toMatchObject({ hazard: 'all', windows: 8, tp: 2, fp: 1, fn: 2, tn: 3, noAnswer: 2, precision: 2 / 3, recall: 0.5 });
    expect(all!.f1).toBeCloseTo(4 / 7, 12);
  });

  it('leaves precision and recall undefined when nothing was predicted and nothing was there', () => {
    const { hazards, all } = scoreOutcomes([outcome('quiet', false, false), outcome('quiet', false, false)]);
    expect(hazards).toEqual([{ hazard: 'quiet', windows: 2, tp: 0, fp: 0, fn: 0, tn: 2, noAnswer: 0, precision: null, recall: null, f1: null }]);
    expect(all).toBeNull();
  });

  it('gives F1 0 when precision and recall are both 0', () => {
    const { hazards } = scoreOutcomes([outcome('h', true, false), outcome('h', false, true)]);
    expect(hazards[0]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});
