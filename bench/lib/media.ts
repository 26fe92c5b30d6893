import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { Segment } from '../../server/src/domain/index.js';
import { ensureSimClip } from '../../server/src/sim/sim-clip.js';
import { benchCacheDir, FFMPEG } from './paths.js';

const run = promisify(execFile);
const FFPROBE = process.env.FFPROBE_PATH ?? FFMPEG.replace(/ffmpeg$/, 'ffprobe');

/** The simulated cameras' clip: 640x360@15, 1 s GOP, 30 s, H.264 (built once, cached). */
export function simClip(): Promise<string> {
  return ensureSimClip({ dir: join(benchCacheDir(), 'sim'), width: 640, height: 360, fps: 15, ffmpegPath: FFMPEG });
}

/**
 * The sim clip remuxed into MPEG-TS by stream copy: the same H.264, with its parameter sets before every keyframe
 * (the MP4 keeps them in its header), so RTP made from it by stream copy can be decoded without an SDP that names
 * them. Looping the MP4 through an explicit h264_mp4toannexb instead stalls ffmpeg 5.1 at the first loop.
 */
export async function simClipTs(): Promise<string> {
  const clip = await simClip();
  const path = join(benchCacheDir(), 'sim', `${basename(clip, '.mp4')}.ts`);
  if ((await stat(path).catch(() => null))?.size) return path;
  const partial = `${path}.${process.pid}.partial.ts`;
  await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-map', '0:v:0', '-c', 'copy', '-f', 'mpegts', partial]);
  await rename(partial, path);
  return path;
}

async function durationSeconds(path: string): Promise<number> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
  return Number(stdout.trim());
}

/**
 * The sim clip cut into 2 s MPEG-TS segments by stream copy, the way ingest writes them, each given the
 * wall-clock span its measured duration implies, back to back from `t0`.
 */
export async function simSegments(t0: number): Promise<Segment[]> {
  const dir = join(benchCacheDir(), 'segments-640x360-15fps-2s');
  let files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.ts')).sort();
  if (files.length < 10) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await run(FFMPEG, [
      '-hide_banner', '-loglevel', 'error', '-i', await simClip(), '-map', '0:v:0', '-c', 'copy',
      '-f', 'segment', '-segment_time', '2', '-segment_format', 'mpegts', '-reset_timestamps', '1', join(dir, 'seg-%03d.ts'),
    ]);
    files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  }
  const segments: Segment[] = [];
  let startTs = t0;
  for (const file of files) {
    const path = join(dir, file);
    const endTs = startTs + Math.round((await durationSeconds(path)) * 1000);
    segments.push({ cameraId: 'bench', path, startTs, endTs });
    startTs = endTs;
  }
  return segments;
}

/** The sim clip thinned to `fps` and scaled to 160x90 gray, like the frames the pixel gate receives. */
export async function simGrayFrames(fps = 2): Promise<Uint8Array[]> {
  const { stdout } = await run(
    FFMPEG,
    ['-hide_banner', '-loglevel', 'error', '-i', await simClip(), '-vf', `fps=${fps},scale=160:90,format=gray`, '-f', 'rawvideo', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const size = 160 * 90;
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + size <= stdout.length; offset += size) frames.push(new Uint8Array(stdout.subarray(offset, offset + size)));
  return frames;
}

/** The sim clip sampled at 2 fps as the YUV4MPEG2 stream of raw colour frames Vigil's ffmpeg writes. */
export async function simY4mStream(): Promise<Buffer> {
  const { stdout } = await run(
    FFMPEG,
    ['-hide_banner', '-loglevel', 'error', '-i', await simClip(), '-vf', 'fps=2,format=yuv420p', '-f', 'yuv4mpegpipe', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}
