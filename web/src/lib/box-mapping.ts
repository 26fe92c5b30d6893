import type { BoxDto } from '../api/contracts.js';

/** The model's boxes are normalised to 0–1000 (x right, y down), whatever the image size. */
export const BOX_SCALE = 1000;

export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (v: number): number => Math.min(BOX_SCALE, Math.max(0, v));

/** A 0–1000 box as a rectangle on an image displayed `width` × `height` pixels; swapped corners are put right. */
export function boxToRect(box: BoxDto, width: number, height: number): PixelRect {
  const left = clamp(Math.min(box.x1, box.x2));
  const right = clamp(Math.max(box.x1, box.x2));
  const top = clamp(Math.min(box.y1, box.y2));
  const bottom = clamp(Math.max(box.y1, box.y2));
  return {
    x: (left / BOX_SCALE) * width,
    y: (top / BOX_SCALE) * height,
    width: ((right - left) / BOX_SCALE) * width,
    height: ((bottom - top) / BOX_SCALE) * height,
  };
}

/** Where a box's label goes: above the box, or just inside its top edge when there is no room above. */
export function labelAnchor(rect: PixelRect, labelHeight: number): { x: number; y: number } {
  const above = rect.y - 4;
  return { x: rect.x + 2, y: above - labelHeight >= 0 ? above : rect.y + labelHeight };
}
