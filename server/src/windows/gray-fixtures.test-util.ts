import type { GrayFrame } from '../domain/index.js';

export const W = 160;
export const H = 90;

/** Deterministic pseudo-random numbers, so synthetic noise is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

export function image(fill: (x: number, y: number) => number): Uint8Array {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = clamp(fill(x, y));
  return data;
}

export function withNoise(data: Uint8Array, sigma: number, random: () => number): Uint8Array {
  return data.map((v) => clamp(v + sigma * gaussian(random)));
}

export function gray(ts: number, data: Uint8Array, cameraId = 'cam'): GrayFrame {
  return { cameraId, ts, width: W, height: H, data };
}

/** A scene with large shapes (survive blur) and fine texture (lost to blur). */
export function texturedScene(shiftX = 0): Uint8Array {
  return image((x, y) => {
    const sx = x + shiftX;
    const coarse = 60 * Math.sin((2 * Math.PI * sx) / 40) * Math.cos((2 * Math.PI * y) / 30);
    const fine = (((sx >> 1) + (y >> 1)) & 1) === 0 ? 30 : -30;
    return 128 + coarse + fine;
  });
}

/** Repeated 5x5 box blur: an out-of-focus copy. */
export function blurred(data: Uint8Array, passes = 2): Uint8Array {
  let src = data;
  for (let p = 0; p < passes; p++) {
    const out = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let sum = 0;
        let count = 0;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
            sum += src[yy * W + xx]!;
            count++;
          }
        }
        out[y * W + x] = Math.round(sum / count);
      }
    }
    src = out;
  }
  return src;
}
