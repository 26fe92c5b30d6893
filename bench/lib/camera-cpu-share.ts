import { mean, median, max, min } from './stats.js';

/** One streaming camera's CPU over one interval, % of one core. */
export interface CameraShare {
  cameraId: string;
  /** Its own ingest ffmpeg. */
  ffmpegPct: number;
  /** Vigil's Node process divided equally among the cameras streaming. */
  nodeSharePct: number;
  totalPct: number;
}

export interface ShareInput {
  seconds: number;
  /** Node's own CPU seconds in the interval. */
  nodeSeconds: number;
  /** Own CPU seconds of each ingest ffmpeg that lived through the interval, by pid. */
  ffmpegSecondsByPid: Readonly<Record<string, number>>;
}

/**
 * Charges each streaming camera its own ffmpeg plus an equal part of Node. `cameraOfPid` names the camera of each
 * ingest ffmpeg; a streaming camera whose ffmpeg did not live through the interval is listed in `missing`.
 */
export function cameraShares(input: ShareInput, cameraOfPid: ReadonlyMap<number, string>, streaming: readonly string[]): { shares: CameraShare[]; missing: string[] } {
  const pct = (cpuSeconds: number) => (100 * cpuSeconds) / input.seconds;
  const nodeSharePct = pct(input.nodeSeconds) / Math.max(1, streaming.length);
  const ffmpegOf = new Map<string, number>();
  for (const [pid, seconds] of Object.entries(input.ffmpegSecondsByPid)) {
    const cameraId = cameraOfPid.get(Number(pid));
    if (cameraId !== undefined) ffmpegOf.set(cameraId, (ffmpegOf.get(cameraId) ?? 0) + seconds);
  }
  const shares: CameraShare[] = [];
  const missing: string[] = [];
  for (const cameraId of streaming) {
    const seconds = ffmpegOf.get(cameraId);
    if (seconds === undefined) missing.push(cameraId);
    else shares.push({ cameraId, ffmpegPct: pct(seconds), nodeSharePct, totalPct: pct(seconds) + nodeSharePct });
  }
  return { shares, missing };
}

/** Several intervals of one kind of camera, summarised: medians over intervals of the per-camera means. */
export interface SharesSummary {
  perCameraPct: number;
  ffmpegPct: number;
  nodeSharePct: number;
  /** Each camera's median total, and the lowest and highest of those. */
  byCamera: Record<string, number>;
  cameraMinPct: number;
  cameraMaxPct: number;
}

export function summarizeShares(intervals: readonly (readonly CameraShare[])[]): SharesSummary {
  const over = (pick: (share: CameraShare) => number) => median(intervals.filter((shares) => shares.length > 0).map((shares) => mean(shares.map(pick))));
  const totals = new Map<string, number[]>();
  for (const shares of intervals) for (const share of shares) totals.set(share.cameraId, [...(totals.get(share.cameraId) ?? []), share.totalPct]);
  const byCamera = Object.fromEntries([...totals].map(([cameraId, values]) => [cameraId, median(values)]));
  const perCamera = Object.values(byCamera);
  return {
    perCameraPct: over((s) => s.totalPct),
    ffmpegPct: over((s) => s.ffmpegPct),
    nodeSharePct: over((s) => s.nodeSharePct),
    byCamera,
    cameraMinPct: min(perCamera),
    cameraMaxPct: max(perCamera),
  };
}
