import { pointInPolygon, type Box, type Point } from '../domain/index.js';

const GRID = 8;

/** Fraction of a box (0–1000 coordinates) inside a polygon (0–1), sampled on an 8×8 grid of cell centres. */
export function boxAreaInPolygon(box: Box, polygon: readonly Point[]): number {
  const width = (box.x2 - box.x1) / 1000;
  const height = (box.y2 - box.y1) / 1000;
  let inside = 0;
  for (let row = 0; row < GRID; row++) {
    const y = box.y1 / 1000 + ((row + 0.5) / GRID) * height;
    for (let col = 0; col < GRID; col++) {
      if (pointInPolygon(box.x1 / 1000 + ((col + 0.5) / GRID) * width, y, polygon)) inside++;
    }
  }
  return inside / (GRID * GRID);
}

/**
 * Whether a box counts for a zone: its bottom centre (where a person or vehicle stands) lies in the polygon,
 * or at least `minOverlap` of its area does (something hanging into the zone from above, or seen from overhead).
 */
export function boxInZone(box: Box, polygon: readonly Point[], minOverlap = 0.5): boolean {
  if (pointInPolygon((box.x1 + box.x2) / 2000, box.y2 / 1000, polygon)) return true;
  return boxAreaInPolygon(box, polygon) >= minOverlap;
}
