import type { GrayFrame, Zone } from '../domain/index.js';
import { boxBlur3 } from './gray-image.js';
import { ZoneMaskCache } from './zone-mask.js';

export interface MotionOptions {
  /** The least change in gray levels that counts as motion for a pixel. */
  diffThreshold?: number;
  /** A pixel also has to change by this many times its own learnt noise level. */
  noiseFactor?: number;
  /** How fast the background follows the scene where nothing moves (per frame, 0–1). */
  backgroundRate?: number;
  /** How fast something that stopped moving becomes background (per frame, 0–1). */
  foregroundRate?: number;
  /** A changed fraction of the whole frame at or above this is a lighting jump or tamper, not motion. */
  globalChangeLimit?: number;
  /**
   * A pixel that differs from the background but has not changed for this many frames is taken into the
   * background at once. This clears the "ghost" of something that was there when the camera came online and
   * has since left, which would otherwise read as motion for minutes; it also stops counting something that
   * has stopped moving (a parked pallet), which is what a motion signal should do. 60 by default: 30 s at 2 fps,
   * longer than a person keeps perfectly still; a hazard rule asks the model about presence itself.
   */
  stillFrames?: number;
}

export interface ZoneMotion {
  zoneId: string;
  value: number;
}

export interface MotionResult {
  /** Changed fraction of the whole frame. */
  frame: number;
  zones: ZoneMotion[];
  /** True when the frame changed as a whole and the background was re-learnt instead. */
  globalChange: boolean;
}

/**
 * Motion as the fraction of pixels that differ from a running-average background, per zone and for the
 * whole frame. A global brightness shift (auto exposure, clouds) is removed before comparing, using the
 * median difference so that a large moving object does not shift every other pixel.
 */
export class MotionDetector {
  private readonly diffThreshold: number;
  private readonly noiseFactor: number;
  private readonly backgroundRate: number;
  private readonly foregroundRate: number;
  private readonly globalChangeLimit: number;
  private readonly stillFrames: number;
  private readonly masks = new ZoneMaskCache();
  private background: Float32Array | null = null;
  private noise: Float32Array | null = null;
  private blurred: Float32Array | null = null;
  private changed: Uint8Array | null = null;
  private difference: Float32Array | null = null;
  private previous: Float32Array | null = null;
  private still: Uint8Array | null = null;
  private readonly histogram = new Uint32Array(511);
  private width = 0;
  private height = 0;

  constructor(options: MotionOptions = {}) {
    this.diffThreshold = options.diffThreshold ?? 18;
    this.noiseFactor = options.noiseFactor ?? 4;
    this.backgroundRate = options.backgroundRate ?? 0.05;
    this.foregroundRate = options.foregroundRate ?? 0.005;
    this.globalChangeLimit = options.globalChangeLimit ?? 0.7;
    this.stillFrames = Math.min(255, options.stillFrames ?? 60);
  }

  measure(frame: GrayFrame, zones: readonly Zone[]): MotionResult {
    const { width, height } = frame;
    const n = width * height;
    const masks = this.masks.masksFor(zones, width, height);
    const blurred = this.blurInto(frame);
    if (!this.background || !this.noise || !this.changed || width !== this.width || height !== this.height) {
      this.width = width;
      this.height = height;
      this.background = Float32Array.from(blurred);
      this.noise = new Float32Array(n);
      this.changed = new Uint8Array(n);
      this.previous = Float32Array.from(blurred);
      this.still = new Uint8Array(n);
      return still(masks);
    }
    const background = this.background;
    const noise = this.noise;
    const changed = this.changed;
    const difference = this.differenceFrom(blurred, background);
    const offset = this.medianShift(difference);
    const diffThreshold = this.diffThreshold;
    const noiseFactor = this.noiseFactor;

    const backgroundRate = this.backgroundRate;
    const foregroundRate = this.foregroundRate;
    const previous = this.previous!;
    const stillCount = this.still!;
    const stillFrames = this.stillFrames;
    const steady = diffThreshold / 2;
    // One pass marks the changed pixels and moves the background: changed pixels creep in slowly, the rest
    // follow the scene and learn their noise. A frame that changed as a whole resets the background below.
    let changedCount = 0;
    for (let i = 0; i < n; i++) {
      const delta = difference[i]!;
      const diff = Math.abs(delta - offset);
      const noiseLevel = noise[i]!;
      if (diff > diffThreshold && diff > noiseFactor * noiseLevel) {
        const current = blurred[i]!;
        const count = Math.abs(current - previous[i]!) < steady ? stillCount[i]! + 1 : 0;
        if (count >= stillFrames) {
          background[i] = current;
          stillCount[i] = 0;
          changed[i] = 0;
          continue;
        }
        stillCount[i] = count;
        changed[i] = 1;
        changedCount++;
        background[i] = background[i]! + foregroundRate * delta;
      } else {
        stillCount[i] = 0;
        changed[i] = 0;
        noise[i] = noiseLevel + backgroundRate * (diff - noiseLevel);
        background[i] = background[i]! + backgroundRate * delta;
      }
    }
    const frameValue = n > 0 ? changedCount / n : 0;

    previous.set(blurred);
    if (frameValue >= this.globalChangeLimit) {
      background.set(blurred);
      return { ...still(masks), globalChange: true };
    }

    const zoneValues = masks.map((mask) => {
      let count = 0;
      for (let k = 0; k < mask.pixels.length; k++) count += changed[mask.pixels[k]!]!;
      return { zoneId: mask.zoneId, value: mask.pixels.length > 0 ? count / mask.pixels.length : 0 };
    });
    return { frame: frameValue, zones: zoneValues, globalChange: false };
  }

  /** Forgets the background; the next frame becomes the new one. */
  reset(): void {
    this.background = null;
  }

  private blurInto(frame: GrayFrame): Float32Array {
    const n = frame.width * frame.height;
    if (!this.blurred || this.blurred.length !== n) this.blurred = new Float32Array(n);
    return boxBlur3(frame.data, frame.width, frame.height, this.blurred);
  }

  /** Current minus background, per pixel, into a reused buffer. */
  private differenceFrom(current: Float32Array, background: Float32Array): Float32Array {
    if (!this.difference || this.difference.length !== current.length) this.difference = new Float32Array(current.length);
    const difference = this.difference;
    for (let i = 0; i < current.length; i++) difference[i] = current[i]! - background[i]!;
    return difference;
  }

  /** The median of the differences: a brightness shift of the whole scene, which is not motion. */
  private medianShift(difference: Float32Array): number {
    const histogram = this.histogram;
    histogram.fill(0);
    for (let i = 0; i < difference.length; i++) {
      // Same as Math.round(d) + 255 for d in [-255, 255], without the call: truncation of a positive value.
      const bin = (difference[i]! + 255.5) | 0;
      histogram[bin] = histogram[bin]! + 1;
    }
    const half = difference.length / 2;
    let seen = 0;
    for (let bin = 0; bin < histogram.length; bin++) {
      seen += histogram[bin]!;
      if (seen >= half) return bin - 255;
    }
    return 0;
  }
}

function still(masks: readonly { zoneId: string }[]): MotionResult {
  return { frame: 0, zones: masks.map((m) => ({ zoneId: m.zoneId, value: 0 })), globalChange: false };
}
