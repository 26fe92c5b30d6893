import { max, median, min } from './stats.js';

/** CPU seconds per wall second, as % of one core. */
export const pctOfCore = (cpuSeconds: number, seconds: number): number => (seconds > 0 ? (100 * cpuSeconds) / seconds : Number.NaN);

export const kbitPerSecond = (bytes: number, seconds: number): number => (seconds > 0 ? (8 * bytes) / seconds / 1000 : Number.NaN);

/** What a number of viewers of one kind cost the server, above the same server with nobody watching. */
export interface ViewerCost {
  viewers: number;
  /** Median of the phase's intervals minus the median of the baseline's, % of a core. */
  abovePct: number;
  perViewerPct: number;
}

export function viewerCost(baselinePct: readonly number[], phasePct: readonly number[], viewers: number): ViewerCost {
  const abovePct = median(phasePct) - median(baselinePct);
  return { viewers, abovePct, perViewerPct: abovePct / Math.max(1, viewers) };
}

/** The cost of each viewer beyond the fewest measured: the slope from the smallest to the largest phase. */
export function addedViewerPct(fewest: ViewerCost, most: ViewerCost): number {
  const more = most.viewers - fewest.viewers;
  return more > 0 ? (most.abovePct - fewest.abovePct) / more : Number.NaN;
}

/**
 * The smallest difference the baseline can tell from noise: how far its own intervals spread, and never less than
 * what the clock-tick granularity of /proc allows (`tickPct`).
 */
export function noiseFloorPct(baselinePct: readonly number[], tickPct: number): number {
  const spread = baselinePct.length > 1 ? max(baselinePct) - min(baselinePct) : 0;
  return Math.max(spread, tickPct);
}

export type CostRatio = { measurable: true; ratio: number } | { measurable: false; reason: string };

/** `numerator ÷ denominator`, where the denominator stands out of the noise; otherwise why there is no ratio. */
export function costRatio(numeratorPct: number, denominatorPct: number, noisePct: number, denominatorName: string): CostRatio {
  if (!Number.isFinite(numeratorPct) || !Number.isFinite(denominatorPct)) return { measurable: false, reason: 'not measured' };
  if (denominatorPct <= noisePct) {
    return {
      measurable: false,
      reason: `${denominatorName} cost ${denominatorPct.toFixed(2)} % of a core, within the baseline's noise (±${noisePct.toFixed(2)} %)`,
    };
  }
  return { measurable: true, ratio: numeratorPct / denominatorPct };
}
