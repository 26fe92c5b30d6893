import type { Frame, Window } from '../../server/src/domain/index.js';

export interface Picture {
  width: number;
  height: number;
  i420: Uint8Array;
}

export interface FrameWindowsOptions {
  cameraId: string;
  count: number;
  framesPerWindow: number;
  /** Time between two frames of a window (500 ms at 2 fps sampling). */
  frameIntervalMs: number;
  /** Time between the ends of two windows. */
  strideMs: number;
  /** End of the first window, epoch ms. */
  firstEnd: number;
}

/**
 * Windows as Vigil's rolling window hands them over, made from a clip's decoded pictures: window i carries
 * pictures i … i + framesPerWindow − 1 (wrapping around the clip), the newest at the window's end. Pictures are
 * shared, not copied. Pure.
 */
export function frameWindows(pictures: readonly Picture[], options: FrameWindowsOptions): Window[] {
  const { cameraId, count, framesPerWindow, frameIntervalMs, strideMs, firstEnd } = options;
  if (pictures.length === 0) throw new RangeError('no pictures to make windows of');
  if (framesPerWindow < 1) throw new RangeError(`a window needs at least one frame, got ${framesPerWindow}`);
  const lengthMs = framesPerWindow * frameIntervalMs;
  return Array.from({ length: count }, (_, i) => {
    const end = firstEnd + i * strideMs;
    const frames: Frame[] = Array.from({ length: framesPerWindow }, (_, k) => {
      const picture = pictures[(i + k) % pictures.length]!;
      return { cameraId, ts: end - (framesPerWindow - 1 - k) * frameIntervalMs, width: picture.width, height: picture.height, i420: picture.i420 };
    });
    return { cameraId, start: end - lengthMs, end, frames };
  });
}
