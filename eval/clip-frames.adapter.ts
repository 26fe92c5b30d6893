import { spawn } from 'node:child_process';
import type { Frame } from '../server/src/domain/index.js';
import { Y4mSplitter } from '../server/src/ingest/y4m-splitter.js';

export interface DecodeOptions {
  ffmpegPath: string;
  cameraId: string;
  fps: number;
  maxSide: number;
}

/** ffmpeg's message when a clip cannot be decoded; the clip, not the backend, is at fault. */
export class ClipDecodeError extends Error {
  override readonly name = 'ClipDecodeError';
}

/** Arguments that decode a clip to raw I420 at `fps`, no side longer than `maxSide`, as YUV4MPEG2 on stdout. */
export function decodeArgs(path: string, fps: number, maxSide: number): string[] {
  const side = Math.max(2, Math.floor(maxSide));
  const scale = `scale=w='min(${side},iw)':h='min(${side},ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-i', `file:${path}`,
    '-map', '0:v:0', '-an', '-sn',
    '-vf', `fps=${fps},${scale},format=yuv420p`,
    '-f', 'yuv4mpegpipe', 'pipe:1',
  ];
}

/**
 * The clip's frames at `fps`, oldest first, as they are decoded. Frame n is stamped n / fps seconds (in ms)
 * from the clip's start, which is where ffmpeg's fps filter takes it from.
 */
export async function* decodeClipFrames(path: string, options: DecodeOptions): AsyncGenerator<Frame> {
  const child = spawn(options.ffmpegPath, decodeArgs(path, options.fps, options.maxSide), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined);
  const splitter = new Y4mSplitter();
  let index = 0;
  try {
    for await (const chunk of child.stdout) {
      for (const picture of splitter.push(chunk as Buffer)) {
        yield { cameraId: options.cameraId, ts: Math.round((index * 1000) / options.fps), width: picture.width, height: picture.height, i420: picture.i420 };
        index += 1;
      }
    }
    let code: number | null;
    try {
      code = await exited;
    } catch (err) {
      throw new ClipDecodeError(`cannot run ffmpeg (${options.ffmpegPath}): ${(err as Error).message}`);
    }
    if (code !== 0) throw new ClipDecodeError(`ffmpeg cannot decode ${path} (exit ${code}): ${stderr.trim() || 'no message'}`);
    if (index === 0) throw new ClipDecodeError(`ffmpeg found no video frames in ${path}`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
