import { spawn } from 'node:child_process';
import { VigilError, type Frame } from '../domain/index.js';

export interface WindowVideo {
  mp4: Buffer;
  /** The rate the clip plays at: the frames' own sampling rate, so its timeline is the window's. */
  fps: number;
}

/**
 * Encodes a window's frames as a small H.264 MP4 (for model servers that take a video rather than images),
 * scaled to `size`. Frames are evenly spaced at their sampling rate; the clip is fragmented so it can be
 * written to a pipe. Only used when the model is set to `media: video`.
 */
export function encodeWindowVideo(
  ffmpegPath: string,
  frames: readonly Frame[],
  size: { width: number; height: number },
  timeoutMs = 10_000,
): Promise<WindowVideo> {
  const first = frames[0];
  if (!first) return Promise.reject(new RangeError('a window video needs at least one frame'));
  const spanMs = (frames.at(-1)!.ts - first.ts) || 1000;
  const fps = Math.max(0.5, Math.round(((frames.length - 1 || 1) * 1000 * 10) / spanMs) / 10);
  const args = [
    '-hide_banner', '-nostdin', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${first.width}x${first.height}`, '-r', String(fps), '-i', 'pipe:0',
    '-vf', `scale=${size.width}:${size.height}:flags=bilinear`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', String(frames.length),
    '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4', 'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.stdin.on('error', () => undefined);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new VigilError('unavailable', `window video: cannot run ${ffmpegPath}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ mp4: Buffer.concat(out), fps });
      else reject(new VigilError('internal', `window video: ffmpeg failed: ${stderr.trim() || `exit ${code}`}`));
    });
    for (const frame of frames) {
      if (frame.width !== first.width || frame.height !== first.height) {
        child.kill('SIGKILL');
        reject(new RangeError(`window frames differ in size (${frame.width}x${frame.height} after ${first.width}x${first.height})`));
        return;
      }
      child.stdin.write(frame.i420);
    }
    child.stdin.end();
  });
}
