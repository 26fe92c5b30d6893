import type { Frame } from '../domain/index.js';

/**
 * The last few seconds of sampled frames of each camera, so an alert's snapshot is the frame that triggered
 * it. Frames are raw (about 350 KB at 640x360), so the history is bounded in time as well as in count.
 */
export class FrameHistory {
  readonly #frames = new Map<string, Frame[]>();

  constructor(
    private readonly perCamera = 24,
    private readonly horizonMs = 6000,
  ) {}

  push(frame: Frame): void {
    let list = this.#frames.get(frame.cameraId);
    if (!list) {
      list = [];
      this.#frames.set(frame.cameraId, list);
    }
    list.push(frame);
    let drop = Math.max(0, list.length - this.perCamera);
    while (drop < list.length - 1 && list[drop]!.ts < frame.ts - this.horizonMs) drop++;
    if (drop > 0) list.splice(0, drop);
  }

  /** The frame closest in time to `ts`, or null when the camera has none. */
  nearest(cameraId: string, ts: number): Frame | null {
    let best: Frame | null = null;
    for (const frame of this.#frames.get(cameraId) ?? []) {
      if (!best || Math.abs(frame.ts - ts) < Math.abs(best.ts - ts)) best = frame;
    }
    return best;
  }

  forget(cameraId: string): void {
    this.#frames.delete(cameraId);
  }
}
