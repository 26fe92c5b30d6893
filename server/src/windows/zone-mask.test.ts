import { describe, expect, it } from 'vitest';
import type { Zone } from '../domain/index.js';
import { pointInPolygon } from '../domain/index.js';
import { ZoneMaskCache, rasterizeZone } from './zone-mask.js';

const triangle: Zone = { id: 't', name: 'T', polygon: [[0, 0], [1, 0], [0, 1]] };

describe('zone masks', () => {
  it('tests points against a polygon', () => {
    expect(pointInPolygon(0.2, 0.2, triangle.polygon)).toBe(true);
    expect(pointInPolygon(0.8, 0.8, triangle.polygon)).toBe(false);
  });

  it('rasterises pixel centres inside the polygon', () => {
    const half: Zone = { id: 'h', name: 'H', polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] };
    const mask = rasterizeZone(half, 160, 90);
    expect(mask.pixels.length).toBe(80 * 90);
    expect(Array.from(mask.pixels).every((i) => i % 160 < 80)).toBe(true);
    const tri = rasterizeZone(triangle, 100, 100);
    expect(tri.pixels.length).toBeGreaterThan(4800);
    expect(tri.pixels.length).toBeLessThan(5200);
  });

  it('gives a zone thinner than a pixel the pixel under its centroid', () => {
    const sliver: Zone = { id: 's', name: 'S', polygon: [[0.501, 0.2], [0.502, 0.2], [0.502, 0.3], [0.501, 0.3]] };
    const mask = rasterizeZone(sliver, 10, 10);
    expect(Array.from(mask.pixels)).toEqual([2 * 10 + 5]);
  });

  it('caches masks per zones and frame size', () => {
    const cache = new ZoneMaskCache();
    const zones = [triangle];
    const first = cache.masksFor(zones, 160, 90);
    expect(cache.masksFor(zones, 160, 90)).toBe(first);
    expect(cache.masksFor([{ ...triangle }], 160, 90)).toBe(first);
    expect(cache.masksFor(zones, 80, 45)).not.toBe(first);
  });
});
