/** Whether a fleet kept up over a measurement window split in two halves. Pure, so it can be tested with arrays. */

export interface CameraCounts {
  camera: string;
  /** Sampled frames received in the first and second half of the window. */
  firstHalf: number;
  secondHalf: number;
}

export interface KeepsUpInput {
  counts: readonly CameraCounts[];
  /** Wall-clock length of each half, seconds. */
  firstSeconds: number;
  secondSeconds: number;
  configuredFps: number;
  /** Packets the relay dropped for slow readers during the window. */
  relayDrops: number;
  /** Cameras reported online at the end / expected. */
  online: number;
  expected: number;
}

export interface KeepsUpVerdict {
  keepsUp: boolean;
  reasons: string[];
  fpsMin: number;
  fpsMedian: number;
  /** Fleet-average frame rate in the second half relative to the configured rate (< 1: lag growing). */
  secondHalfShare: number;
  /** Stream time not delivered over the window, median camera, seconds (frames missing ÷ fps). */
  lagGrowthMedianS: number;
}

/** Share of the configured rate every camera must reach (the goal's "≥ 90 %"). */
export const MIN_RATE_SHARE = 0.9;
/**
 * In the second half the fleet must receive at least this share of the configured rate on average: below it, lag
 * is still growing at the end of the window. (A first half above the rate is a fleet catching up, which is fine.)
 */
export const MIN_SECOND_HALF_SHARE = 0.95;

export function judgeKeepsUp(input: KeepsUpInput): KeepsUpVerdict {
  const seconds = input.firstSeconds + input.secondSeconds;
  const fps = input.counts.map((c) => (c.firstHalf + c.secondHalf) / seconds).sort((a, b) => a - b);
  const fpsMin = fps[0] ?? 0;
  const fpsMedian = fps.length === 0 ? 0 : (fps[Math.floor((fps.length - 1) / 2)]! + fps[Math.ceil((fps.length - 1) / 2)]!) / 2;
  const secondFps = input.counts.reduce((sum, c) => sum + c.secondHalf / input.secondSeconds, 0) / Math.max(1, input.counts.length);
  const secondHalfShare = secondFps / input.configuredFps;
  const lags = input.counts
    .map((c) => seconds - (c.firstHalf + c.secondHalf) / input.configuredFps)
    .sort((a, b) => a - b);
  const lagGrowthMedianS = lags.length === 0 ? 0 : lags[Math.floor(lags.length / 2)]!;

  const reasons: string[] = [];
  if (input.online < input.expected) reasons.push(`${input.expected - input.online} of ${input.expected} cameras not online`);
  if (input.counts.length < input.expected) reasons.push(`${input.expected - input.counts.length} cameras sent no frames`);
  if (fpsMin < MIN_RATE_SHARE * input.configuredFps) reasons.push(`slowest camera at ${fpsMin.toFixed(2)} fps < ${(MIN_RATE_SHARE * input.configuredFps).toFixed(2)}`);
  if (secondHalfShare < MIN_SECOND_HALF_SHARE) reasons.push(`second half at ${(100 * secondHalfShare).toFixed(1)} % of the rate on average: lag growing`);
  if (input.relayDrops > 0) reasons.push(`relay dropped ${input.relayDrops} packets for readers that fell behind`);
  return { keepsUp: reasons.length === 0, reasons, fpsMin, fpsMedian, secondHalfShare, lagGrowthMedianS };
}
