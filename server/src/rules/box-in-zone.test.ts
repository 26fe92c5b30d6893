import { describe, expect, it } from 'vitest';
import type { Box, Point } from '../domain/index.js';
import { boxAreaInPolygon, boxInZone } from './box-in-zone.js';

const box = (x1: number, y1: number, x2: number, y2: number): Box => ({ x1, y1, x2, y2, label: 'person' });
/** The bottom-right quarter of the image. */
const corner: Point[] = [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]];

describe('boxInZone', () => {
  it('counts a person standing in the zone by the bottom centre of the box', () => {
    // Mostly above the zone, feet inside.
    expect(boxInZone(box(600, 100, 700, 600), corner)).toBe(true);
    expect(boxAreaInPolygon(box(600, 100, 700, 600), corner)).toBeLessThan(0.5);
  });

  it('counts a box mostly inside the zone even when its bottom centre is outside', () => {
    // A band across the middle; the box reaches below it, so its bottom centre is out, but 5/6 of it is in.
    expect(boxInZone(box(400, 300, 600, 900), [[0, 0.2], [1, 0.2], [1, 0.8], [0, 0.8]])).toBe(true);
    expect(boxInZone(box(100, 600, 800, 700), [[0.55, 0.5], [1, 0.5], [1, 1], [0.55, 1]])).toBe(false);
  });

  it('does not count a box beside the zone', () => {
    expect(boxInZone(box(100, 100, 300, 400), corner)).toBe(false);
    expect(boxAreaInPolygon(box(100, 100, 300, 400), corner)).toBe(0);
  });

  it('works for a concave zone', () => {
    // An L shape: the bottom band and the left band; the top-right is outside.
    const l: Point[] = [[0, 0], [0.3, 0], [0.3, 0.7], [1, 0.7], [1, 1], [0, 1]];
    expect(boxInZone(box(600, 100, 800, 500), l)).toBe(false);
    expect(boxInZone(box(600, 500, 800, 800), l)).toBe(true);
  });
});
