import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { intrusionTimeline, simSceneGraph, type IntrusionTimeline } from '../../server/src/ingest/sim-scenes.js';
import type { SimParams } from '../../server/src/ingest/sim-url.js';
import { benchCacheDir, FFMPEG } from './paths.js';

const run = promisify(execFile);
const VERSION = 1;

export interface IntrusionClip {
  path: string;
  params: SimParams;
  timeline: IntrusionTimeline;
}

/**
 * One period of the `sim://intrusion` scene (Vigil's own lavfi graph) encoded as H.264 (1 s GOP, baseline), so a
 * publisher can loop it with `-stream_loop -1 -c copy` and the benchmark knows, from the publisher's clock, when
 * each scripted event is sent. The worker is out of sight at the loop point, so the loop is seamless. Cached.
 */
export async function intrusionClip(scene: { period: number; duration: number }): Promise<IntrusionClip> {
  const params: SimParams = { period: scene.period, duration: scene.duration, width: 640, height: 360, fps: 15 };
  const timeline = intrusionTimeline(params);
  const dir = join(benchCacheDir(), 'intrusion');
  const path = join(dir, `intrusion-${params.period}s-${params.duration}s-640x360-15fps-v${VERSION}.mp4`);
  if ((await stat(path).catch(() => null))?.size) return { path, params, timeline };
  await mkdir(dir, { recursive: true });
  const partial = `${path}.${process.pid}.partial.mp4`;
  try {
    await run(FFMPEG, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', simSceneGraph({ scene: 'intrusion', params }), '-an',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
      '-g', String(params.fps), '-keyint_min', String(params.fps), '-sc_threshold', '0', '-crf', '26',
      '-t', String(params.period), '-movflags', '+faststart', '-f', 'mp4', partial,
    ]);
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return { path, params, timeline };
}
