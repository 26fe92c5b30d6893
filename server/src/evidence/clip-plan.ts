import { invalidInput, VigilError, type Segment } from '../domain/index.js';

/**
 * Seeking with stream copy starts at the keyframe before the seek point, but shows frames from the first one at or
 * after it; starting a little early keeps the frame on screen at `startTs` in the clip.
 */
export const CLIP_LEAD_MS = 250;
/**
 * Cutting a stream copy mid-GOP can leave the last frame or two without the reference frames they need (B-frames);
 * running a little past the end keeps those damaged frames outside the requested span.
 */
export const CLIP_TAIL_MS = 500;

export interface ClipPlan {
  /** The segments to join, oldest first; the first one starts the joined timeline at 0. */
  segments: Segment[];
  /** Where the clip starts, from the first segment's start. */
  seekMs: number;
  /** How long the clip runs from there, tail included (less if the segments end sooner). */
  durationMs: number;
  /** Wall-clock time of the clip's start. */
  startTs: number;
}

const iso = (ts: number) => new Date(ts).toISOString();

/** Chooses the segments that overlap [startTs, endTs] and where to cut them. Pure. */
export function planClip(segments: readonly Segment[], startTs: number, endTs: number): ClipPlan {
  if (!Number.isFinite(startTs) || !Number.isFinite(endTs) || endTs <= startTs) {
    throw invalidInput('a clip needs a span with startTs before endTs (epoch ms)');
  }
  const cameras = new Set(segments.map((s) => s.cameraId));
  if (cameras.size > 1) throw invalidInput('a clip is cut from one camera’s segments');
  const from = startTs - CLIP_LEAD_MS;
  const to = endTs + CLIP_TAIL_MS;
  const seen = new Set<string>();
  const chosen = segments
    .filter((s) => s.endTs > from && s.startTs < to && s.endTs > s.startTs)
    .sort((a, b) => a.startTs - b.startTs)
    .filter((s) => (seen.has(s.path) ? false : (seen.add(s.path), true)));
  const first = chosen[0];
  if (!first || first.startTs >= endTs) {
    const camera = segments[0]?.cameraId;
    throw new VigilError(
      'not_found',
      `no recorded segments${camera ? ` of camera ${camera}` : ''} cover ${iso(startTs)} – ${iso(endTs)}`,
    );
  }
  const seekMs = Math.max(0, from - first.startTs);
  const clipStart = first.startTs + seekMs;
  return { segments: chosen, seekMs, durationMs: to - clipStart, startTs: clipStart };
}
