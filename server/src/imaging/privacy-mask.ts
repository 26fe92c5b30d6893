import { pointInPolygon, type Point } from '../domain/index.js';

/**
 * The size privacy masks are drawn at. ffmpeg stretches the mask to the camera's picture; polygons are
 * normalised, so any size draws the same regions, and a small one is cheap to scale every frame.
 */
export const MASK_SIZE = { width: 320, height: 180 } as const;

/**
 * Draws polygons (0–1 coordinates) as a raw yuv420p picture in which every plane is the mask: 255 where a pixel's
 * centre lies in a polygon, 0 elsewhere; each chroma sample is the mean of its 2×2 luma block. As the third input
 * of ffmpeg's maskedmerge it blends all three planes alike. Pure.
 */
export function rasterizeMaskI420(polygons: readonly (readonly Point[])[], width: number = MASK_SIZE.width, height: number = MASK_SIZE.height): Uint8Array {
  if (width % 2 !== 0 || height % 2 !== 0 || width <= 0 || height <= 0) throw new RangeError('mask size must be even and positive');
  const cw = width / 2;
  const ch = height / 2;
  const out = new Uint8Array(width * height + 2 * cw * ch);
  for (let y = 0; y < height; y += 1) {
    const ny = (y + 0.5) / height;
    for (let x = 0; x < width; x += 1) {
      const nx = (x + 0.5) / width;
      if (polygons.some((polygon) => pointInPolygon(nx, ny, polygon))) out[y * width + x] = 255;
    }
  }
  const u = width * height;
  const v = u + cw * ch;
  for (let y = 0; y < ch; y += 1) {
    for (let x = 0; x < cw; x += 1) {
      const top = 2 * y * width + 2 * x;
      const sum = out[top]! + out[top + 1]! + out[top + width]! + out[top + width + 1]!;
      out[u + y * cw + x] = out[v + y * cw + x] = Math.round(sum / 4);
    }
  }
  return out;
}
