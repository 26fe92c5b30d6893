import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { pino } from 'pino';
import type { Camera, CameraStatus, Frame, GrayFrame, Segment } from '../../server/src/domain/index.js';
import type { CameraIngestHandlers } from '../../server/src/ingest/index.js';
import type { Logger } from '../../server/src/observability/logger.js';

const run = promisify(execFile);

export const FFMPEG = '/usr/bin/ffmpeg';
export const FFPROBE = '/usr/bin/ffprobe';

export const makeTempDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), `vigil-${prefix}-`));
export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

export function camera(url: string, overrides: Partial<Camera> = {}): Camera {
  return {
    id: 'cam-1',
    name: 'Test camera',
    url,
    sample: { fps: 4, maxSide: 640 },
    zones: [],
    rtspTransport: 'tcp',
    enabled: true,
    source: 'config',
    ...overrides,
  };
}

/** An H.264 test clip with one keyframe per second, as a camera would send. */
export async function makeClip(path: string, options: { size: string; fps?: number; seconds?: number }): Promise<void> {
  const fps = options.fps ?? 15;
  await run(FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${options.size}:r=${fps}`, '-t', String(options.seconds ?? 3),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(fps), path,
  ]);
}

export async function probeVideo(path: string): Promise<{ codec: string; width: number; height: number }> {
  const { stdout } = await run(FFPROBE, [
    '-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', path,
  ]);
  const stream = (JSON.parse(stdout) as { streams: Array<{ codec_name: string; width: number; height: number }> }).streams[0];
  if (!stream) throw new Error(`no video stream in ${path}`);
  return { codec: stream.codec_name, width: stream.width, height: stream.height };
}

/** Polls until `check` returns something truthy; fails with `what` after timeoutMs. */
export async function waitFor<T>(what: string, check: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A pino logger at debug level whose JSON lines the test can read. */
export function captureLogger(): { logger: Logger; output: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), output: () => lines.join('') };
}

/** Handlers that keep everything an ingest emits. */
export function recorder() {
  const frames: Frame[] = [];
  const grays: GrayFrame[] = [];
  const segments: Segment[] = [];
  const statuses: CameraStatus[] = [];
  const handlers: CameraIngestHandlers = {
    onFrame: (f) => frames.push(f),
    onGray: (g) => grays.push(g),
    onSegment: (s) => segments.push(s),
    onStatus: (s) => statuses.push(s),
  };
  return { frames, grays, segments, statuses, handlers };
}

/** A TCP port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Pids of the ffmpeg processes whose command line mentions `marker` (a test's own temp dir). */
export function ffmpegPidsWith(marker: string): number[] {
  try {
    const out = execFileSync('pgrep', ['-f', `^${FFMPEG} .*${marker}`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Mean of an 8-bit gray frame over a normalised rectangle. */
export function meanIn(frame: GrayFrame, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.floor(y0 * frame.height); y < Math.ceil(y1 * frame.height); y += 1) {
    for (let x = Math.floor(x0 * frame.width); x < Math.ceil(x1 * frame.width); x += 1) {
      sum += frame.data[y * frame.width + x] ?? 0;
      count += 1;
    }
  }
  return count === 0 ? 0 : sum / count;
}
