import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { VigilError, type Segment } from '../domain/index.js';
import { partialPath } from './atomic-file.js';
import { planClip } from './clip-plan.js';
import { runFfmpeg } from './ffmpeg-run.js';
import { sha256File } from './hash.js';
import { readMp4Layout } from './mp4-file.js';

export interface CutClipInput {
  ffmpegPath: string;
  /** The camera's segments on disk; those overlapping the span are used. */
  segments: Segment[];
  startTs: number;
  endTs: number;
  /** Absolute path of the MP4 to write; it appears only once complete. */
  outPath: string;
  /** Per ffmpeg run; default 60 s. */
  timeoutMs?: number;
}

export interface CutClip {
  path: string;
  bytes: number;
  sha256: string;
  /** The wall-clock span the clip covers. It contains [startTs, endTs] as far as the segments reach. */
  startTs: number;
  endTs: number;
  durationMs: number;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** A concat demuxer script; paths are quoted the way the demuxer unquotes them. */
function concatScript(segments: Segment[]): string {
  const lines = segments.map((s) => `file '${resolve(s.path).replace(/'/g, "'\\''")}'`);
  return `ffconcat version 1.0\n${lines.join('\n')}\n`;
}

/**
 * Cuts [startTs, endTs] out of stream-copied MPEG-TS segments into an MP4 with its index first (faststart),
 * never re-encoding. Two stream copies: the segments are joined into an indexed MP4, then trimmed with -ss/-t.
 * Seeking in the joined MP4 lands on the keyframe before the start, so the clip never starts late (seeking in
 * the bare segments snaps forward to the next keyframe). The clip carries the video stream only.
 */
export async function cutClip(input: CutClipInput): Promise<CutClip> {
  const plan = planClip(input.segments, input.startTs, input.endTs);
  const timeoutMs = input.timeoutMs ?? 60_000;
  await mkdir(dirname(input.outPath), { recursive: true });
  const script = partialPath(`${input.outPath}.ffconcat`);
  const joined = partialPath(`${input.outPath}.joined`);
  const trimmed = partialPath(input.outPath);
  try {
    await writeFile(script, concatScript(plan.segments));
    const quiet = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
    await runFfmpeg(
      input.ffmpegPath,
      [...quiet, '-f', 'concat', '-safe', '0', '-i', script, '-map', '0:v:0', '-c', 'copy', '-f', 'mp4', joined],
      { timeoutMs, what: 'joining segments' },
    );
    await runFfmpeg(
      input.ffmpegPath,
      [
        ...quiet,
        ...(plan.seekMs > 0 ? ['-ss', seconds(plan.seekMs)] : []),
        '-i', joined,
        '-t', seconds(plan.durationMs),
        '-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', trimmed,
      ],
      { timeoutMs, what: 'cutting the clip' },
    );
    const layout = await readMp4Layout(trimmed);
    if (!layout.durationMs) throw new VigilError('internal', 'cutting the clip: ffmpeg wrote an MP4 without a duration');
    const [sha256, { size }] = await Promise.all([sha256File(trimmed), stat(trimmed)]);
    await rename(trimmed, input.outPath);
    const durationMs = Math.round(layout.durationMs);
    return { path: input.outPath, bytes: size, sha256, startTs: plan.startTs, endTs: plan.startTs + durationMs, durationMs };
  } finally {
    await Promise.all([script, joined, trimmed].map((path) => unlink(path).catch(() => undefined)));
  }
}
