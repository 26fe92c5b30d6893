import { describe, expect, it } from 'vitest';
import {
  addPoint,
  deletePoint,
  edgeMidpoints,
  insertPoint,
  isSelfIntersecting,
  movePoint,
  nextZoneId,
  nudgePoint,
  polygonArea,
  toUnitPoint,
  zoneProblems,
  type Point,
} from './polygon-editing.js';

const square: Point[] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]];

describe('polygon editing', () => {
  it('maps a pointer position to clamped unit coordinates', () => {
    const box = { left: 100, top: 50, width: 400, height: 200 };
    expect(toUnitPoint(300, 100, box)).toEqual([0.5, 0.25]);
    expect(toUnitPoint(50, 400, box)).toEqual([0, 1]);
    expect(toUnitPoint(1, 1, { left: 0, top: 0, width: 0, height: 0 })).toEqual([0, 0]);
  });

  it('adds, moves, nudges and deletes points without touching the input', () => {
    const withPoint = addPoint(square, [0.3, 0.7]);
    expect(withPoint).toHaveLength(5);
    expect(square).toHaveLength(4);
    expect(movePoint(square, 1, [1.4, -0.2])[1]).toEqual([1, 0]);
    expect(nudgePoint(square, 0, 0.01, -0.2)[0]).toEqual([0.11, 0]);
    expect(deletePoint(square, 0)).toEqual(square.slice(1));
  });

  it('inserts a point on an edge, between its two vertices', () => {
    const mids = edgeMidpoints(square);
    expect(mids[0]).toEqual([0.3, 0.1]);
    expect(mids[3]).toEqual([0.1, 0.3]);
    const inserted = insertPoint(square, 0, [0.3, 0.1]);
    expect(inserted.map((p) => p.join())).toEqual(['0.1,0.1', '0.3,0.1', '0.5,0.1', '0.5,0.5', '0.1,0.5']);
  });

  it('measures area and finds crossing edges', () => {
    expect(polygonArea(square)).toBeCloseTo(0.16);
    expect(isSelfIntersecting(square)).toBe(false);
    expect(isSelfIntersecting([[0, 0], [1, 1], [1, 0], [0, 1]])).toBe(true);
  });

  it('reports what the API would refuse', () => {
    const problems = zoneProblems([
      { id: 'dock-edge', name: 'Dock edge', polygon: square, open: false },
      { id: 'dock-edge', name: ' ', polygon: square.slice(0, 2), open: true },
      { id: 'Bad Id', name: 'x', polygon: square, open: false },
    ]);
    expect(problems.has(0)).toBe(false);
    expect(problems.get(1)).toEqual([
      'id: duplicate zone id "dock-edge"',
      'name: must not be empty',
      'polygon: a polygon needs at least 3 points',
      'polygon: close the polygon before saving',
    ]);
    expect(problems.get(2)?.[0]).toMatch(/^id:/);
  });

  it('picks the first free zone id', () => {
    expect(nextZoneId(['zone-1', 'zone-3'])).toBe('zone-2');
    expect(nextZoneId([])).toBe('zone-1');
  });
});
