import { pointInPolygon, type Zone } from '../domain/index.js';

/** The pixels of one zone on a frame of a given size, as flat indices (y * width + x). */
export interface ZoneMask {
  zoneId: string;
  pixels: Uint32Array;
}

/**
 * Rasterises a polygon: a pixel belongs to the zone when its centre lies inside. A zone too thin
 * to cover any pixel centre still gets the pixel under its centroid, so its motion is defined.
 */
export function rasterizeZone(zone: Zone, width: number, height: number): ZoneMask {
  const indices: number[] = [];
  for (let y = 0; y < height; y++) {
    const ny = (y + 0.5) / height;
    for (let x = 0; x < width; x++) {
      if (pointInPolygon((x + 0.5) / width, ny, zone.polygon)) indices.push(y * width + x);
    }
  }
  if (indices.length === 0 && zone.polygon.length > 0) {
    const cx = zone.polygon.reduce((sum, p) => sum + p[0], 0) / zone.polygon.length;
    const cy = zone.polygon.reduce((sum, p) => sum + p[1], 0) / zone.polygon.length;
    const px = Math.min(width - 1, Math.max(0, Math.floor(cx * width)));
    const py = Math.min(height - 1, Math.max(0, Math.floor(cy * height)));
    indices.push(py * width + px);
  }
  return { zoneId: zone.id, pixels: Uint32Array.from(indices) };
}

/** Rasterises a camera's zones once per (zones, frame size) and hands back the cached masks after. */
export class ZoneMaskCache {
  private key = '';
  private lastZones: readonly Zone[] | null = null;
  private lastSize = '';
  private masks: ZoneMask[] = [];

  masksFor(zones: readonly Zone[], width: number, height: number): ZoneMask[] {
    const size = `${width}x${height}`;
    if (zones === this.lastZones && size === this.lastSize) return this.masks;
    this.lastZones = zones;
    this.lastSize = size;
    const key = `${size}:${JSON.stringify(zones.map((z) => [z.id, z.polygon]))}`;
    if (key !== this.key) {
      this.masks = zones.map((zone) => rasterizeZone(zone, width, height));
      this.key = key;
    }
    return this.masks;
  }
}
