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

/**
 * 3x3 box blur into `out` (edges use the pixels that exist); takes the edge off sensor noise. Separable:
 * column sums of three rows first, then three neighbouring column sums, so each pixel costs a few adds.
 */
export function boxBlur3(data: Uint8Array, width: number, height: number, out: Float32Array): Float32Array {
  if (width === 0 || height === 0) return out;
  const columnSums = new Uint16Array(width);
  for (let y = 0; y < height; y++) {
    const above = y > 0 ? (y - 1) * width : -1;
    const row = y * width;
    const below = y < height - 1 ? (y + 1) * width : -1;
    const rows = 1 + (above >= 0 ? 1 : 0) + (below >= 0 ? 1 : 0);
    for (let x = 0; x < width; x++) {
      columnSums[x] = data[row + x]! + (above >= 0 ? data[above + x]! : 0) + (below >= 0 ? data[below + x]! : 0);
    }
    if (width === 1) {
      out[row] = columnSums[0]! / rows;
      continue;
    }
    const inner = 1 / (3 * rows);
    const edge = 1 / (2 * rows);
    out[row] = (columnSums[0]! + columnSums[1]!) * edge;
    for (let x = 1; x < width - 1; x++) out[row + x] = (columnSums[x - 1]! + columnSums[x]! + columnSums[x + 1]!) * inner;
    out[row + width - 1] = (columnSums[width - 2]! + columnSums[width - 1]!) * edge;
  }
  return out;
}

/** Means of `block`×`block` tiles (partial tiles at the right and bottom edges included). */
export function blockMeans(data: Uint8Array, width: number, height: number, block: number): Float32Array {
  const cols = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const means = new Float32Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    const y0 = by * block;
    const y1 = Math.min(height, y0 + block);
    for (let bx = 0; bx < cols; bx++) {
      const x0 = bx * block;
      const x1 = Math.min(width, x0 + block);
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * width;
        for (let x = x0; x < x1; x++) sum += data[row + x]!;
      }
      means[by * cols + bx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return means;
}

export function meanOf(values: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length > 0 ? sum / values.length : 0;
}
