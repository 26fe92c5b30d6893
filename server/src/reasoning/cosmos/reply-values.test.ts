import { describe, expect, it } from 'vitest';
import { readBox, readBoxes, readConfidence, readPresent, readSeconds, readSegment } from './reply-values.js';

describe('reply value readers', () => {
  it('read present as bool, yes/no words or 1/0', () => {
    expect([true, false, 'yes', 'No.', 'TRUE', 'absent', 1, 0].map(readPresent)).toEqual([true, false, true, false, true, false, true, false]);
    expect(['maybe', null, 2, {}].map(readPresent)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('read confidence as 0–1, percent or a word', () => {
    expect([0, 0.4, 1, 85, '70%', '0.3', 'High', 100].map(readConfidence)).toEqual([0, 0.4, 1, 0.85, 0.7, 0.3, 0.9, 1]);
    expect([-1, 150, 'sure', null, Number.NaN].map(readConfidence)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('read seconds in every form Cosmos Reason 2 writes', () => {
    expect([2.5, '2.5', '2.5s', '3 seconds', '<1.5 seconds>', '00:02.10', '00:00.100', '01:05', '1:02:03.5'].map(readSeconds)).toEqual([
      2.5, 2.5, 2.5, 3, 1.5, 2.1, 0.1, 65, 3723.5,
    ]);
    expect([null, 'null', 'None', ''].map(readSeconds)).toEqual([null, null, null, null]);
    expect(['soon', -1, '1:2:3:4', {}].map(readSeconds)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('read the recipe time span', () => {
    expect(readSegment('[00:01.0 - 00:03.5]')).toEqual({ start: 1, end: 3.5 });
    expect(readSegment('2s to 4s')).toEqual({ start: 2, end: 4 });
    expect(readSegment([1, '2.5'])).toEqual({ start: 1, end: 2.5 });
    expect(readSegment(null)).toEqual({ start: null, end: null });
    expect(readSegment('null')).toEqual({ start: null, end: null });
    expect(readSegment('[Start - End]')).toBeUndefined();
  });

  it('read boxes in each key and as bare arrays, clamped and put in order', () => {
    expect(readBox({ box_2d: [900, 800, 100, 50], label: 'cart' }, 'x')).toEqual({ x1: 100, y1: 50, x2: 900, y2: 800, label: 'cart' });
    expect(readBox({ bbox: ['10', '20', '30', '40'] }, 'fallback')).toEqual({ x1: 10, y1: 20, x2: 30, y2: 40, label: 'fallback' });
    expect(readBox([-5, 0, 1200, 10], 'x')).toEqual({ x1: 0, y1: 0, x2: 1000, y2: 10, label: 'x' });
    expect(readBox([5, 5, 5, 10], 'x')).toBeUndefined();
    expect(readBox({ point_2d: [5, 5] }, 'x')).toBeUndefined();
    expect(readBoxes([1, 2, 3, 4], 'x')).toEqual({ boxes: [{ x1: 1, y1: 2, x2: 3, y2: 4, label: 'x' }], dropped: 0 });
    expect(readBoxes({ bbox_2d: [1, 2, 3, 4], label: 'one' }, 'x').boxes).toHaveLength(1);
    expect(readBoxes([[1, 2, 3, 4], 'junk'], 'x')).toEqual({ boxes: [{ x1: 1, y1: 2, x2: 3, y2: 4, label: 'x' }], dropped: 1 });
  });
});
