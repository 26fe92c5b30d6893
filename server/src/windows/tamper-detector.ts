import type { GrayFrame, TamperKind } from '../domain/index.js';
import { blockMeans, grayStats, type GrayStats } from './gray-image.js';

export interface TamperOptions {
  /** Healthy frames needed to learn the sharpness baseline and the reference scene. */
  learningFrames?: number;
  /** Covered: mean below this and std below `darkStd`… */
  darkMean?: number;
  darkStd?: number;
  /** …or std below this at any brightness (a hand, paper or paint over the lens). */
  uniformStd?: number;
  /** Defocused: sharpness below this fraction of the learnt baseline while brightness is normal. */
  defocusRatio?: number;
  /** A scene with less texture than this cannot be judged for focus. */
  minBaselineSharpness?: number;
  /** Side of the tiles compared against the reference scene, in pixels. */
  block?: number;
  /** A tile differs from the reference when its mean is off by more than this (after brightness shift). */
  blockDiff?: number;
  /** Moved: at least this fraction of tiles differ from the reference… */
  movedFraction?: number;
  /** …while fewer than this fraction still change frame to frame (the change has settled). */
  settledFraction?: number;
  /** Consecutive frames that must agree before the tamper state changes. */
  confirmFrames?: number;
  /** A camera left moved this long adopts its new view as the reference (and stops reporting moved). */
  movedAdoptMs?: number;
  /** How fast the baseline and reference follow a healthy scene (per frame, 0–1). */
  baselineRate?: number;
}

type Settings = Required<TamperOptions>;

const DEFAULTS: Settings = {
  learningFrames: 6,
  darkMean: 25,
  darkStd: 10,
  uniformStd: 4,
  defocusRatio: 0.35,
  minBaselineSharpness: 2,
  block: 8,
  blockDiff: 25,
  movedFraction: 0.5,
  settledFraction: 0.1,
  confirmFrames: 2,
  movedAdoptMs: 300_000,
  baselineRate: 0.02,
};

/** Detects a covered, defocused or moved camera from its gray frames. */
export class TamperDetector {
  private readonly s: Settings;
  private learnt = 0;
  private sharpnessBaseline = 0;
  private reference: Float32Array | null = null;
  private previousBlocks: Float32Array | null = null;
  private size = '';
  private state: TamperKind | null = null;
  private stateSince = 0;
  private pending: TamperKind | null = null;
  private pendingCount = 0;
  lastStats: GrayStats | null = null;

  constructor(options: TamperOptions = {}) {
    this.s = { ...DEFAULTS, ...options };
  }

  get learning(): boolean {
    return this.learnt < this.s.learningFrames;
  }

  get current(): TamperKind | null {
    return this.state;
  }

  /** Feeds one frame; returns the tamper state after it (null when the view is healthy). */
  update(frame: GrayFrame): TamperKind | null {
    const size = `${frame.width}x${frame.height}`;
    if (size !== this.size) {
      this.relearn();
      this.size = size;
    }
    const stats = grayStats(frame.data, frame.width, frame.height);
    this.lastStats = stats;
    const blocks = blockMeans(frame.data, frame.width, frame.height, this.s.block);
    const candidate = this.judge(stats, blocks);
    this.previousBlocks = blocks;
    this.confirm(candidate, frame.ts);

    if (this.state === 'moved' && frame.ts - this.stateSince >= this.s.movedAdoptMs) {
      this.reference = Float32Array.from(blocks);
      this.state = null;
      this.pending = null;
      this.pendingCount = 0;
    }
    if (this.state === null && candidate === null) this.learnFrom(stats, blocks);
    return this.state;
  }

  /** Forgets the baseline and the reference scene (after a camera was re-aimed on purpose). */
  relearn(): void {
    this.learnt = 0;
    this.sharpnessBaseline = 0;
    this.reference = null;
    this.previousBlocks = null;
    this.state = null;
    this.pending = null;
    this.pendingCount = 0;
  }

  private judge(stats: GrayStats, blocks: Float32Array): TamperKind | null {
    const s = this.s;
    if ((stats.mean < s.darkMean && stats.std < s.darkStd) || stats.std < s.uniformStd) return 'covered';
    if (this.learning || !this.reference) return null;

    const refDiff = differingFraction(blocks, this.reference, s.blockDiff, true);
    if (refDiff >= s.movedFraction) {
      const settled = this.previousBlocks !== null && differingFraction(blocks, this.previousBlocks, s.blockDiff, false) < s.settledFraction;
      // Still changing: a passer-by close to the lens, or the move is under way. Keep the state as it is.
      if (!settled) return this.state;
      return 'moved';
    }
    const brightnessNormal = stats.mean >= s.darkMean && stats.mean <= 255 - s.darkMean;
    const defocused =
      brightnessNormal &&
      this.sharpnessBaseline >= s.minBaselineSharpness &&
      stats.sharpness < s.defocusRatio * this.sharpnessBaseline;
    return defocused ? 'defocused' : null;
  }

  private confirm(candidate: TamperKind | null, ts: number): void {
    if (candidate === this.state) {
      this.pending = null;
      this.pendingCount = 0;
      return;
    }
    if (candidate === this.pending) this.pendingCount++;
    else {
      this.pending = candidate;
      this.pendingCount = 1;
    }
    if (this.pendingCount >= this.s.confirmFrames) {
      this.state = candidate;
      this.stateSince = ts;
      this.pending = null;
      this.pendingCount = 0;
    }
  }

  private learnFrom(stats: GrayStats, blocks: Float32Array): void {
    if (this.learning) {
      this.learnt++;
      this.sharpnessBaseline += (stats.sharpness - this.sharpnessBaseline) / this.learnt;
      this.reference = Float32Array.from(blocks);
      return;
    }
    const rate = this.s.baselineRate;
    this.sharpnessBaseline += rate * (stats.sharpness - this.sharpnessBaseline);
    const reference = this.reference!;
    for (let i = 0; i < reference.length; i++) reference[i] = reference[i]! + rate * (blocks[i]! - reference[i]!);
  }
}

/** Fraction of tiles that differ by more than `threshold`, optionally after removing the median shift. */
function differingFraction(current: Float32Array, reference: Float32Array, threshold: number, removeShift: boolean): number {
  const n = Math.min(current.length, reference.length);
  if (n === 0) return 0;
  const diffs = new Float32Array(n);
  for (let i = 0; i < n; i++) diffs[i] = current[i]! - reference[i]!;
  let shift = 0;
  if (removeShift) {
    const sorted = Float32Array.from(diffs).sort();
    shift = sorted[Math.floor(n / 2)]!;
  }
  let count = 0;
  for (let i = 0; i < n; i++) if (Math.abs(diffs[i]! - shift) > threshold) count++;
  return count / n;
}
