import type { Frame } from '../domain/index.js';

type Picture = Pick<Frame, 'width' | 'height' | 'i420'>;

// BT.601 limited range (what ffmpeg assumes for untagged SD/HD camera video), in 16.16 fixed point.
const FIX = 1 << 16;
const HALF = 1 << 15;
const CHROMA = 255 / 224;
const Y_GAIN = Math.round((255 / 219) * FIX);
const V_TO_R = Math.round(1.402 * CHROMA * FIX);
const V_TO_G = Math.round(0.714136 * CHROMA * FIX);
const U_TO_G = Math.round(0.344136 * CHROMA * FIX);
const U_TO_B = Math.round(1.772 * CHROMA * FIX);

const clamp = (value: number): number => (value < 0 ? 0 : value > 255 ? 255 : value);

/** Interleaved 8-bit RGB of an I420 picture, each chroma sample shared by its 2×2 luma block. */
export function i420ToRgb(picture: Picture): Uint8Array {
  const { width, height, i420 } = picture;
  const expected = width * height * 1.5;
  if (i420.length < expected) throw new RangeError(`I420 picture ${width}x${height} needs ${expected} bytes, got ${i420.length}`);
  const rgb = new Uint8Array(width * height * 3);
  const uPlane = width * height;
  const vPlane = uPlane + (width / 2) * (height / 2);
  const chromaWidth = width / 2;
  for (let y = 0; y < height; y++) {
    const chromaRow = (y >> 1) * chromaWidth;
    let out = y * width * 3;
    let luma = y * width;
    for (let x = 0; x < width; x++) {
      const c = chromaRow + (x >> 1);
      const u = i420[uPlane + c]! - 128;
      const v = i420[vPlane + c]! - 128;
      const l = (i420[luma++]! - 16) * Y_GAIN + HALF;
      rgb[out++] = clamp((l + V_TO_R * v) >> 16);
      rgb[out++] = clamp((l - V_TO_G * v - U_TO_G * u) >> 16);
      rgb[out++] = clamp((l + U_TO_B * u) >> 16);
    }
  }
  return rgb;
}
