/**
 * Which frames of a window go to the model, and at what size, so that their vision tokens fit a budget.
 * Cosmos Reason 2 (Qwen3-VL) turns every 32×32 px (16 px patches, 2×2 merge) into one token, so a frame
 * sized to multiples of 32 costs exactly (w/32)·(h/32) tokens and the processor has nothing left to resize.
 */

export interface FrameSize {
  width: number;
  height: number;
}

export interface FramePick {
  /** Index into the frames given, oldest first. */
  index: number;
  width: number;
  height: number;
  tokens: number;
}

export interface VisionPlan {
  picks: FramePick[];
  totalTokens: number;
}

export interface VisionBudgetOptions {
  /** Vision tokens for the whole window. */
  budget?: number;
  /**
   * Frames keep at least this shorter side (or their own, when smaller) before frames are dropped. At 256 px
   * every frame stays at or above the Qwen3-VL processor's floor (min pixels 65 536 = 256²): below it the
   * processor scales the image back up, spending tokens on no new detail. It is also about where a person
   * across a loading bay shrinks to a token or two, too few to tell a hard hat from a cap.
   */
  minShortSide?: number;
  /** Pixels per token side: patch size × merge size. */
  tokenSide?: number;
  /** At most this many frames, whatever the budget allows. */
  maxFrames?: number;
}

export const DEFAULT_VISION_TOKEN_BUDGET = 1600;
export const DEFAULT_MIN_SHORT_SIDE = 256;
const DEFAULT_TOKEN_SIDE = 32;

/** Tokens a frame of this size costs. */
export const visionTokens = (width: number, height: number, tokenSide = DEFAULT_TOKEN_SIDE): number =>
  Math.ceil(width / tokenSide) * Math.ceil(height / tokenSide);

/**
 * Prefers more frames, shrinking each down to `minShortSide`; only then drops frames. Frames are spread
 * evenly over the window and the newest is always kept. Never upscales; sizes are multiples of `tokenSide`.
 */
export function planVisionBudget(frames: readonly FrameSize[], options: VisionBudgetOptions = {}): VisionPlan {
  const budget = options.budget ?? DEFAULT_VISION_TOKEN_BUDGET;
  const side = options.tokenSide ?? DEFAULT_TOKEN_SIDE;
  const minShortSide = options.minShortSide ?? DEFAULT_MIN_SHORT_SIDE;
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`vision token budget must be a whole number ≥ 1, got ${budget}`);
  if (!Number.isInteger(side) || side < 1) throw new RangeError(`token side must be a whole number ≥ 1, got ${side}`);
  for (const frame of frames) {
    if (!(frame.width > 0 && frame.height > 0)) throw new RangeError(`frame size must be positive, got ${frame.width}×${frame.height}`);
  }
  const most = Math.min(frames.length, options.maxFrames ?? frames.length, budget);
  for (let count = most; count >= 1; count--) {
    const indexes = spreadIndexes(frames.length, count);
    const perFrame = Math.floor(budget / count);
    const fits = indexes.every((i) => tokensOf(smallestAcceptable(frames[i]!, minShortSide, side)) <= perFrame);
    if (fits || count === 1) return plan(frames, indexes, perFrame, side);
  }
  return { picks: [], totalTokens: 0 };
}

/** `count` indexes out of `total`, evenly spread from the oldest to the newest (which is always in). */
export function spreadIndexes(total: number, count: number): number[] {
  if (count <= 0 || total <= 0) return [];
  if (count === 1) return [total - 1];
  const step = (total - 1) / (count - 1);
  return Array.from({ length: count }, (_, k) => Math.round(k * step));
}

interface Grid {
  cols: number;
  rows: number;
}

const tokensOf = (grid: Grid): number => grid.cols * grid.rows;

function plan(frames: readonly FrameSize[], indexes: number[], perFrame: number, side: number): VisionPlan {
  const picks = indexes.map((index) => {
    const grid = largestWithin(frames[index]!, perFrame, side);
    return { index, width: grid.cols * side, height: grid.rows * side, tokens: tokensOf(grid) };
  });
  return { picks, totalTokens: picks.reduce((sum, pick) => sum + pick.tokens, 0) };
}

/** The grid of the source itself, rounded down (never up: that would upscale); at least one token. */
function fullGrid(frame: FrameSize, side: number): Grid {
  return { cols: Math.max(1, Math.floor(frame.width / side)), rows: Math.max(1, Math.floor(frame.height / side)) };
}

/** The grid at the minimum shorter side, or the full grid when the source is already smaller. */
function smallestAcceptable(frame: FrameSize, minShortSide: number, side: number): Grid {
  const full = fullGrid(frame, side);
  const shortIsHeight = frame.height <= frame.width;
  const minShortCells = Math.max(1, Math.ceil(minShortSide / side));
  const shortCells = Math.min(shortIsHeight ? full.rows : full.cols, minShortCells);
  return gridForShortSide(frame, shortCells, full, shortIsHeight);
}

/** The largest grid that keeps the aspect, fits inside the source and costs at most `maxTokens`. */
function largestWithin(frame: FrameSize, maxTokens: number, side: number): Grid {
  const full = fullGrid(frame, side);
  if (tokensOf(full) <= maxTokens) return full;
  const shortIsHeight = frame.height <= frame.width;
  for (let shortCells = shortIsHeight ? full.rows : full.cols; shortCells >= 1; shortCells--) {
    const grid = gridForShortSide(frame, shortCells, full, shortIsHeight);
    if (tokensOf(grid) <= maxTokens) return grid;
  }
  // A very long, thin frame: one token high, as wide as the budget allows.
  return shortIsHeight ? { cols: Math.min(full.cols, maxTokens), rows: 1 } : { cols: 1, rows: Math.min(full.rows, maxTokens) };
}

function gridForShortSide(frame: FrameSize, shortCells: number, full: Grid, shortIsHeight: boolean): Grid {
  if (shortIsHeight) {
    const cols = clamp(Math.round((shortCells * frame.width) / frame.height), 1, full.cols);
    return { cols, rows: shortCells };
  }
  const rows = clamp(Math.round((shortCells * frame.height) / frame.width), 1, full.rows);
  return { cols: shortCells, rows };
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));
