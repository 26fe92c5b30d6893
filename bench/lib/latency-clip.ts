import { execFile } from 'node:child_process';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchCacheDir, FFMPEG } from './paths.js';

const run = promisify(execFile);

export const CLIP_FPS = 15;
export const CLIP_SECONDS = 40;
/**
 * Frames at which the box appears: about 5 s apart, each one frame later in the 0.5 s grid of 2 fps sampling than
 * the one before (phases 0, 1/15, …, 7/15 s), so the onsets cover the whole sampling interval evenly.
 */
export const ONSET_FRAMES = Array.from({ length: 8 }, (_, k) => 30 + 76 * k);
/** Frames the box stays (about 1.5 s). */
export const VISIBLE_FRAMES = 22;
/** Onset times in the clip, seconds. */
export const ONSET_SECONDS = ONSET_FRAMES.map((f) => f / CLIP_FPS);

/** Where the box appears, normalised; the rule's zone is drawn around it. */
export const BOX = { x: 0.6, y: 0.45, w: 0.25, h: 0.4 } as const;
export const WORK_ZONE = { id: 'work-area', name: 'Work area', polygon: [[0.55, 0.4], [0.9, 0.4], [0.9, 0.9], [0.55, 0.9]] as Array<[number, number]> };

const VERSION = 2;

/**
 * A 40 s 640x360@15 H.264 clip (1 s GOP, baseline) of a still scene with light sensor noise, in which a big
 * orange box appears at ONSET_FRAMES and stays VISIBLE_FRAMES frames. Looped with `-stream_loop -1`, onset k of
 * loop j is at stream time j·40 s + ONSET_SECONDS[k]. Built once, cached.
 */
export async function latencyClip(): Promise<string> {
  const dir = join(benchCacheDir(), 'latency');
  const path = join(dir, `latency-640x360-15fps-v${VERSION}.mp4`);
  if ((await stat(path).catch(() => null))?.size) return path;
  await mkdir(dir, { recursive: true });
  const enable = ONSET_FRAMES.map((f) => `between(n,${f},${f + VISIBLE_FRAMES - 1})`).join('+');
  const filters = [
    'drawbox=x=0:y=ih*0.66:w=iw:h=ih*0.34:color=0x44474a:t=fill',
    'drawbox=x=iw*0.06:y=ih*0.12:w=iw*0.2:h=ih*0.5:color=0x8a8d80:t=fill',
    `drawbox=x=iw*${BOX.x}:y=ih*${BOX.y}:w=iw*${BOX.w}:h=ih*${BOX.h}:color=0xd9822b:t=fill:enable='${enable}'`,
    'noise=alls=6:allf=t',
    'format=yuv420p',
  ].join(',');
  const partial = `${path}.${process.pid}.partial.mp4`;
  try {
    await run(FFMPEG, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `color=c=0x5f6368:s=640x360:r=${CLIP_FPS}:d=${CLIP_SECONDS}`,
      '-vf', filters, '-an',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
      '-g', String(CLIP_FPS), '-keyint_min', String(CLIP_FPS), '-sc_threshold', '0', '-crf', '26',
      '-t', String(CLIP_SECONDS), '-movflags', '+faststart', '-f', 'mp4', partial,
    ]);
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

/** Publishes the clip in real time, looping, stream-copied to `url`, with progress reports on stdout. */
export function latencyPublisherArgs(clip: string, url: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:1', '-stats_period', '0.05',
    '-re', '-stream_loop', '-1', '-i', clip,
    '-map', '0:v:0', '-c', 'copy', '-f', 'rtsp', '-rtsp_transport', 'tcp', url,
  ];
}

/** A motion rule on the work area that fires at once and again as soon as the box is back: one alert per onset. */
export const WORK_AREA_RULE_YAML = `rules:
  - id: box-in-work-area
    name: Box in the work area
    severity: high
    cameras: "*"
    when: { signal: motion, zone: ${WORK_ZONE.id}, minArea: 0.02, for: 0s }
    cooldown: 0s
    clearAfter: 1s
    notify: [dashboard]
`;
