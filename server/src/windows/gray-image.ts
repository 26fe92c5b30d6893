/** Small, allocation-light measurements on 8-bit gray images stored row-major. */

export interface GrayStats {
  mean: number;
  std: number;
  /** Mean absolute 4-neighbour Laplacian: high for a sharp, textured image, low for a blurred one. */
  sharpness: number;
}

export function grayStats(data: Uint8Array, width: number, height: number): GrayStats {
  const n = width * height;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    sum += v;
    sumSq += v * v;
  }
  const mean = n > 0 ? sum / n : 0;
  const variance = n > 0 ? Math.max(0, sumSq / n - mean * mean) : 0;
  return { mean, std: Math.sqrt(variance), sharpness: laplacianEnergy(data, width, height) };
}

function laplacianEnergy(data: Uint8Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let total = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      total += Math.abs(4 * data[i]! - data[i - 1]! - data[i + 1]! - data[i - width]! - data[i + width]!);
    }
  }
  return total / ((width - 2) * (height - 2));
}

/** 3x3 box blur into `out` (edges use the pixels that exist); takes the edge off sensor noise. */
export function boxBlur3(data: Uint8Array, width: number, height: number, out: Float32Array): Float32Array {
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - 1);
    const y1 = Math.min(height - 1, y + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - 1);
      const x1 = Math.min(width - 1, x + 1);
      let sum = 0;
      for (let yy = y0; yy <= y1; yy++) {
        const row = yy * width;
        for (let xx = x0; xx <= x1; xx++) sum += data[row + xx]!;
      }
      out[y * width + x] = sum / ((y1 - y0 + 1) * (x1 - x0 + 1));
    }
  }
  return out;
}

/** Means of `block`×`block` tiles (partial tiles at the right and bottom edges included). */
export function blockMeans(data: Uint8Array, width: number, height: number, block: number): Float32Array {
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const sums = new Float32Array(cols * rows);
  const counts = new Uint16Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const by = Math.floor(y / block) * cols;
    for (let x = 0; x < width; x++) {
      const b = by + Math.floor(x / block);
      sums[b] = sums[b]! + data[y * width + x]!;
      counts[b] = counts[b]! + 1;
    }
  }
  for (let b = 0; b < sums.length; b++) sums[b] = sums[b]! / counts[b]!;
  return sums;
}

export function meanOf(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length > 0 ? sum / values.length : 0;
}
