import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Segment } from '../../server/src/domain/index.js';

export const FFMPEG = process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH ?? '/usr/bin/ffprobe';
const run = promisify(execFile);

export async function ffprobeJson(path: string, entries: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', entries, '-of', 'json', path]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** MD5 of every decoded frame, in presentation order. */
export async function frameHashes(args: string[]): Promise<string[]> {
  const { stdout } = await run(FFMPEG, ['-v', 'error', ...args, '-map', '0:v:0', '-f', 'framemd5', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(',').at(-1)!.trim());
}

/**
 * Records 12 s of test pattern as 2 s MPEG-TS segments (the way ingest writes them) and gives each the wall-clock
 * span its measured duration implies, starting at t0.
 */
export async function recordSegments(dir: string, cameraId: string, t0: number): Promise<Segment[]> {
  await run(FFMPEG, [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15', '-t', '12',
    '-c:v', 'libx264', '-g', '15', '-pix_fmt', 'yuv420p',
    '-f', 'segment', '-segment_time', '2', '-segment_format', 'mpegts', '-reset_timestamps', '1',
    join(dir, 'seg-%03d.ts'),
  ]);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  const segments: Segment[] = [];
  let startTs = t0;
  for (const file of files) {
    const path = join(dir, file);
    const probe = (await ffprobeJson(path, 'format=duration')) as { format: { duration: string } };
    const endTs = startTs + Math.round(Number(probe.format.duration) * 1000);
    segments.push({ cameraId, path, startTs, endTs });
    startTs = endTs;
  }
  return segments;
}
