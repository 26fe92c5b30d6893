import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface SimClipOptions {
  /** Folder that caches clips; one file per distinct size/fps/duration. */
  dir: string;
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  ffmpegPath?: string;
}

export const DEFAULT_SIM_SIZE = { width: 640, height: 360 } as const;
export const DEFAULT_SIM_FPS = 15;
const DEFAULT_SECONDS = 30;
/** Bumped whenever the look or encoding of the clip changes, so stale cached clips are not reused. */
const CLIP_VERSION = 1;

const inFlight = new Map<string, Promise<string>>();

/**
 * The path of a pre-encoded H.264 clip for simulated cameras: a gray loading-dock scene with an orange
 * figure walking across it and light sensor noise. 1 s GOP, baseline profile, no B-frames, and motion that
 * ends where it starts, so it loops seamlessly under `-stream_loop -1 -c copy`. Built once, then reused.
 */
export function ensureSimClip(options: SimClipOptions): Promise<string> {
  const width = even(options.width ?? DEFAULT_SIM_SIZE.width);
  const height = even(options.height ?? DEFAULT_SIM_SIZE.height);
  const fps = Math.max(1, Math.round(options.fps ?? DEFAULT_SIM_FPS));
  const seconds = Math.max(1, Math.round(options.seconds ?? DEFAULT_SECONDS));
  const path = join(options.dir, `sim-${width}x${height}-${fps}fps-${seconds}s-v${CLIP_VERSION}.mp4`);
  let pending = inFlight.get(path);
  if (!pending) {
    pending = buildIfMissing(path, { width, height, fps, seconds }, options.ffmpegPath ?? defaultFfmpegPath());
    inFlight.set(path, pending);
    pending.catch(() => inFlight.delete(path));
  }
  return pending;
}

export function defaultFfmpegPath(): string {
  return process.env.FFMPEG_PATH ?? 'ffmpeg';
}

interface ClipShape {
  width: number;
  height: number;
  fps: number;
  seconds: number;
}

async function buildIfMissing(path: string, shape: ClipShape, ffmpegPath: string): Promise<string> {
  if (await isNonEmptyFile(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  // Written under a private name and renamed, so concurrent builders never expose a half-written clip.
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial.mp4`;
  try {
    await runToCompletion(ffmpegPath, clipArgs(shape, partial));
    await rename(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
  return path;
}

/** ffmpeg arguments that render the scene from lavfi sources and encode it. Exported for inspection in tests. */
export function clipArgs(shape: ClipShape, output: string): string[] {
  const { width, height, fps, seconds } = shape;
  const figureWidth = even(Math.max(8, width * 0.075));
  const figureHeight = even(Math.max(16, height * 0.3));
  const crossingSeconds = seconds % 10 === 0 ? 10 : seconds; // whole crossings per clip keep the loop seamless
  const scene = [
    'drawbox=x=0:y=ih*0.66:w=iw:h=ih*0.34:color=0x44474a:t=fill', // floor
    'drawbox=x=iw*0.06:y=ih*0.12:w=iw*0.2:h=ih*0.5:color=0x8a8d80:t=fill', // rack
    'drawbox=x=iw*0.7:y=ih*0.18:w=iw*0.24:h=ih*0.44:color=0x6d7f8c:t=fill', // dock door
    'drawbox=x=0:y=ih*0.655:w=iw:h=3:color=0xe8c547:t=fill', // yellow edge line
  ].join(',');
  const walk = `x='mod(t*(W+w)/${crossingSeconds}\\,W+w)-w':y='H*0.66-h+4*sin(2*PI*t)'`;
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x5f6368:s=${width}x${height}:r=${fps}:d=${seconds}`,
    '-f', 'lavfi', '-i', `color=c=0xd9822b:s=${figureWidth}x${figureHeight}:r=${fps}:d=${seconds}`,
    '-filter_complex', `[0:v]${scene}[bg];[bg][1:v]overlay=${walk}:shortest=1,noise=alls=6:allf=t,format=yuv420p[v]`,
    '-map', '[v]', '-an',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p',
    '-g', String(fps), '-keyint_min', String(fps), '-sc_threshold', '0',
    '-crf', '26', '-maxrate', `${bitrateKbps(shape)}k`, '-bufsize', `${2 * bitrateKbps(shape)}k`,
    '-t', String(seconds), '-movflags', '+faststart', '-f', 'mp4', output,
  ];
}

/** About 0.9 Mbit/s at 640x360@15, scaled by pixel rate. */
function bitrateKbps({ width, height, fps }: ClipShape): number {
  return Math.max(200, Math.round((900 * width * height * fps) / (640 * 360 * 15)));
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

async function isNonEmptyFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

function runToCompletion(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`ffmpeg could not build the simulation clip (exit ${code}): ${stderr.trim()}`));
    });
  });
}
