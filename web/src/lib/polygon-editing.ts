/** Zone polygons are in image coordinates from 0 to 1 (x right, y down). */
export type Point = [number, number];

const PRECISION = 10_000;
const round = (v: number): number => Math.round(v * PRECISION) / PRECISION;
export const clampUnit = (v: number): number => Math.min(1, Math.max(0, v));

/** A pointer position over an element → a point in 0–1 image coordinates, clamped to the image. */
export function toUnitPoint(clientX: number, clientY: number, box: { left: number; top: number; width: number; height: number }): Point {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  return [round(clampUnit((clientX - box.left) / box.width)), round(clampUnit((clientY - box.top) / box.height))];
}

export const addPoint = (polygon: readonly Point[], point: Point): Point[] => [...polygon, point];

export function movePoint(polygon: readonly Point[], index: number, point: Point): Point[] {
  return polygon.map((p, i) => (i === index ? [round(clampUnit(point[0])), round(clampUnit(point[1]))] : p));
}

export function nudgePoint(polygon: readonly Point[], index: number, dx: number, dy: number): Point[] {
  const p = polygon[index];
  return p ? movePoint(polygon, index, [p[0] + dx, p[1] + dy]) : [...polygon];
}

export const deletePoint = (polygon: readonly Point[], index: number): Point[] => polygon.filter((_, i) => i !== index);

/** Inserts `point` after vertex `index` (on the edge from `index` to the next vertex). */
export function insertPoint(polygon: readonly Point[], index: number, point: Point): Point[] {
  return [...polygon.slice(0, index + 1), point, ...polygon.slice(index + 1)];
}

/** The middle of each edge of the closed polygon; handle `i` sits on the edge from vertex i to vertex i+1. */
export function edgeMidpoints(polygon: readonly Point[]): Point[] {
  if (polygon.length < 2) return [];
  return polygon.map((p, i) => {
    const q = polygon[(i + 1) % polygon.length] ?? p;
    return [round((p[0] + q[0]) / 2), round((p[1] + q[1]) / 2)];
  });
}

/** Shoelace area in unit-square fractions (0 to 1). */
export function polygonArea(polygon: readonly Point[]): number {
  let twice = 0;
  polygon.forEach((p, i) => {
    const q = polygon[(i + 1) % polygon.length] ?? p;
    twice += p[0] * q[1] - q[0] * p[1];
  });
  return Math.abs(twice) / 2;
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  return orientation(a, b, c) * orientation(a, b, d) < 0 && orientation(c, d, a) * orientation(c, d, b) < 0;
}

/** True when two non-adjacent edges cross: motion in such a zone is measured in a shape nobody meant. */
export function isSelfIntersecting(polygon: readonly Point[]): boolean {
  const n = polygon.length;
  if (n < 4) return false;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [polygon[i], polygon[(i + 1) % n], polygon[j], polygon[(j + 1) % n]];
      if (a && b && c && d && segmentsCross(a, b, c, d)) return true;
    }
  }
  return false;
}

export interface ZoneDraft {
  id: string;
  name: string;
  polygon: Point[];
  /** Still being drawn: clicks add points. */
  open: boolean;
}

const ZONE_ID = /^[a-z0-9][a-z0-9-]*$/;

/** What the API would refuse, checked before sending; the API's own answer is shown too. */
export function zoneProblems(zones: readonly ZoneDraft[]): Map<number, string[]> {
  const problems = new Map<number, string[]>();
  const add = (index: number, message: string) => problems.set(index, [...(problems.get(index) ?? []), message]);
  const seen = new Set<string>();
  zones.forEach((zone, index) => {
    if (!ZONE_ID.test(zone.id)) add(index, 'id: must be lower-case letters, digits and dashes');
    else if (seen.has(zone.id)) add(index, `id: duplicate zone id "${zone.id}"`);
    seen.add(zone.id);
    if (zone.name.trim().length === 0) add(index, 'name: must not be empty');
    if (zone.polygon.length < 3) add(index, 'polygon: a polygon needs at least 3 points');
    if (zone.open) add(index, 'polygon: close the polygon before saving');
    if (isSelfIntersecting(zone.polygon)) add(index, 'polygon: edges cross each other');
  });
  return problems;
}

/** The first `zone-N` id not taken. */
export function nextZoneId(taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`zone-${n}`)) return `zone-${n}`;
}
