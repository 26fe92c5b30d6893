import type { Frame } from '../domain/index.js';

/** The last few sampled frames of each camera, so an alert's snapshot is the frame that triggered it. */
export class FrameHistory {
  readonly #frames = new Map<string, Frame[]>();

  constructor(private readonly perCamera = 24) {}

  push(frame: Frame): void {
    let list = this.#frames.get(frame.cameraId);
    if (!list) {
      list = [];
      this.#frames.set(frame.cameraId, list);
    }
    list.push(frame);
    if (list.length > this.perCamera) list.splice(0, list.length - this.perCamera);
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
