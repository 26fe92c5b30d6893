import type { Frame, Window } from '../domain/index.js';

export interface RollingWindowOptions {
  /** How much time one window covers. */
  lengthMs?: number;
  /** How often a window is emitted. */
  strideMs?: number;
  /** The most frames one window carries; more are thinned evenly. */
  maxFrames?: number;
}

/**
 * Keeps the recent sampled frames of one camera and emits a window of them every `strideMs`.
 * Memory stays bounded at about `maxFrames + 2` frames whatever the input rate: a frame arriving
 * closer than `lengthMs / maxFrames` to the one before it replaces that one instead of being added.
 */
export class RollingWindow {
  readonly lengthMs: number;
  readonly strideMs: number;
  readonly maxFrames: number;
  private readonly minGapMs: number;
  private frames: Frame[] = [];
  private lastEmitEnd: number | null = null;
  private firstTs: number | null = null;

  constructor(
    readonly cameraId: string,
    options: RollingWindowOptions = {},
  ) {
    this.lengthMs = options.lengthMs ?? 4000;
    this.strideMs = options.strideMs ?? 2000;
    this.maxFrames = Math.max(1, Math.floor(options.maxFrames ?? 8));
    if (this.lengthMs <= 0 || this.strideMs <= 0) throw new RangeError('lengthMs and strideMs must be positive');
    this.minGapMs = this.lengthMs / this.maxFrames;
  }

  /** Adds a frame; returns a window when one is due, else null. Out-of-order frames are dropped. */
  push(frame: Frame): Window | null {
    const newest = this.frames[this.frames.length - 1];
    if (newest && frame.ts <= newest.ts) {
      // A clock that jumped far back (camera or host reset) starts the window afresh.
      if (frame.ts < newest.ts - this.lengthMs) this.reset();
      else return null;
    }
    this.firstTs ??= frame.ts;
    this.admit(frame);
    this.evictOlderThan(frame.ts - this.lengthMs);

    const since = this.lastEmitEnd ?? this.firstTs;
    if (frame.ts - since < this.strideMs) return null;
    this.lastEmitEnd = frame.ts;
    return this.windowEndingAt(frame.ts);
  }

  /** Frames held right now (for memory checks and diagnostics). */
  get size(): number {
    return this.frames.length;
  }

  reset(): void {
    this.frames = [];
    this.lastEmitEnd = null;
    this.firstTs = null;
  }

  private admit(frame: Frame): void {
    const n = this.frames.length;
    const last = this.frames[n - 1];
    const beforeLast = this.frames[n - 2];
    if (last && beforeLast && last.ts - beforeLast.ts < this.minGapMs) this.frames[n - 1] = frame;
    else this.frames.push(frame);
  }

  private evictOlderThan(cutoff: number): void {
    let drop = 0;
    while (drop < this.frames.length && this.frames[drop]!.ts <= cutoff) drop++;
    if (drop > 0) this.frames.splice(0, drop);
  }

  private windowEndingAt(end: number): Window {
    return { cameraId: this.cameraId, start: end - this.lengthMs, end, frames: thinEvenly(this.frames, this.maxFrames) };
  }
}

/** Picks `max` items spread evenly by position, always keeping the first and the last. */
export function thinEvenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max === 1) return [items[items.length - 1]!];
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) out.push(items[Math.round(k * step)]!);
  return out;
}
