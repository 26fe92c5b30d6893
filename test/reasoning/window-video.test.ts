import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../server/src/domain/index.js';
import { encodeWindowVideo } from '../../server/src/imaging/index.js';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

const frame = (k: number): Frame => {
  const i420 = new Uint8Array(320 * 180 * 1.5).fill(128);
  i420.fill(40 + k * 20, 0, 320 * 180);
  return { cameraId: 'dock-1', ts: 1000 + k * 500, width: 320, height: 180, i420 };
};

describe('encodeWindowVideo', () => {
  it('makes an H.264 MP4 of the frames at their own rate and the planned size', async () => {
    const video = await encodeWindowVideo(FFMPEG, [0, 1, 2, 3, 4, 5].map(frame), { width: 224, height: 128 });
    expect(video.fps).toBe(2);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-wv-'));
    try {
      await writeFile(join(dir, 'w.mp4'), video.mp4);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', join(dir, 'w.mp4')]);
      const stream = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams[0]!;
      expect(stream).toMatchObject({ codec_name: 'h264', width: 224, height: 128, nb_read_frames: '6' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses frames of different sizes', async () => {
    const odd: Frame = { ...frame(1), width: 160, height: 90, i420: new Uint8Array(160 * 90 * 1.5) };
    await expect(encodeWindowVideo(FFMPEG, [frame(0), odd], { width: 160, height: 96 })).rejects.toThrow(/differ in size/);
  });
});
