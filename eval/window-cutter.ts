import type { Frame, Window } from '../server/src/domain/index.js';

/**
 * Cuts a clip's frames (times in ms from the clip's start, oldest first) into consecutive, non-overlapping
 * windows of `lengthMs`: [0, L), [L, 2L), … A window is handed out as soon as a frame at or past its end
 * arrives, so a long clip is never held in memory whole. The last window is cut short at the clip's end.
 */
export class WindowCutter {
  private frames: Frame[] = [];
  private index = 0;

  constructor(
    private readonly cameraId: string,
    private readonly lengthMs: number,
  ) {
    if (!(lengthMs > 0)) throw new RangeError(`window length must be positive, got ${lengthMs} ms`);
  }

  push(frame: Frame): Window[] {
    const done: Window[] = [];
    while (frame.ts >= this.windowEnd()) {
      if (this.frames.length > 0) done.push(this.cut(this.windowEnd()));
      this.index += 1;
    }
    this.frames.push(frame);
    return done;
  }

  /** The last, possibly shorter window, ending at `clipEndMs`; null when no frame is waiting. */
  finish(clipEndMs: number): Window | null {
    if (this.frames.length === 0) return null;
    return this.cut(Math.min(this.windowEnd(), Math.max(clipEndMs, this.frames.at(-1)!.ts)));
  }

  private windowEnd(): number {
    return (this.index + 1) * this.lengthMs;
  }

  private cut(end: number): Window {
    const window: Window = { cameraId: this.cameraId, start: this.index * this.lengthMs, end, frames: this.frames };
    this.frames = [];
    return window;
  }
}
