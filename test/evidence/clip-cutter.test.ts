import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Segment } from '../../server/src/domain/index.js';
import { VigilError } from '../../server/src/domain/index.js';
import { cutClip } from '../../server/src/evidence/clip-cutter.js';
import { FFMPEG, ffprobeJson, frameHashes, recordSegments } from './segments.js';

const T0 = Date.parse('2026-01-15T08:00:00Z');

/** Top-level MP4 box types in file order, read independently of the code under test. */
function topLevelBoxes(data: Buffer): string[] {
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= data.length; ) {
    let size = data.readUInt32BE(offset);
    if (size === 1) size = Number(data.readBigUInt64BE(offset + 8));
    if (size === 0) size = data.length - offset;
    types.push(data.toString('latin1', offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

interface VideoStream {
  codec_name: string;
  profile: string;
  width: number;
  height: number;
}

describe('cutClip with real ffmpeg', () => {
  let dir: string;
  let segments: Segment[];
  let sourceFrames: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-clip-'));
    segments = await recordSegments(dir, 'dock-1', T0);
    const list = join(dir, 'all.ffconcat');
    await writeFile(list, `ffconcat version 1.0\n${segments.map((s) => `file '${s.path}'`).join('\n')}\n`);
    sourceFrames = await frameHashes(['-f', 'concat', '-safe', '0', '-i', list]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('cuts 10 s by stream copy into a faststart MP4 that covers the whole span', async () => {
    const outPath = join(dir, 'out', 'clip.mp4');
    const clip = await cutClip({ ffmpegPath: FFMPEG, segments, startTs: T0 + 1000, endTs: T0 + 11_000, outPath });

    expect(clip.path).toBe(outPath);
    expect(clip.startTs).toBeLessThanOrEqual(T0 + 1000);
    expect(clip.endTs).toBeGreaterThanOrEqual(T0 + 11_000);
    expect(clip.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(clip.durationMs).toBeLessThanOrEqual(14_000);

    const source = (await ffprobeJson(segments[0]!.path, 'stream=codec_name,profile,width,height')) as { streams: VideoStream[] };
    const probe = (await ffprobeJson(outPath, 'stream=codec_name,profile,width,height:format=format_name,duration')) as {
      streams: VideoStream[];
      format: { format_name: string; duration: string };
    };
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toEqual(source.streams[0]);
    expect(probe.streams[0]!.codec_name).toBe('h264');
    expect(probe.format.format_name).toContain('mp4');
    const seconds = Number(probe.format.duration);
    expect(seconds).toBeGreaterThanOrEqual(10);
    expect(seconds).toBeLessThanOrEqual(14);

    const data = await readFile(outPath);
    const boxes = topLevelBoxes(data);
    expect(boxes).toContain('mdat');
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(clip.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(clip.bytes).toBe((await stat(outPath)).size);
    expect(await readdir(join(dir, 'out'))).toEqual(['clip.mp4']);
  });

  it('shows the very frames that were recorded, from before the start to past the end', async () => {
    const outPath = join(dir, 'frames', 'clip.mp4');
    await cutClip({ ffmpegPath: FFMPEG, segments, startTs: T0 + 1500, endTs: T0 + 5500, outPath });
    const clipFrames = await frameHashes(['-i', outPath]);
    const fps = 15;
    const first = sourceFrames.indexOf(clipFrames[0]!);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first / fps).toBeLessThanOrEqual(1.5);
    // Frame i of the clip is on screen from (first + i) / fps; every frame up to the span's end must be the
    // recorded one, in one unbroken run: nothing re-encoded, dropped or repeated.
    const inSpan = clipFrames.filter((_, i) => (first + i) / fps < 5.5);
    expect((first + inSpan.length) / fps).toBeGreaterThanOrEqual(5.5);
    expect(inSpan.length).toBeLessThan(clipFrames.length);
    expect(inSpan).toEqual(sourceFrames.slice(first, first + inSpan.length));
  });

  it('ends where the recording ends when the span runs past it, and says so', async () => {
    const outPath = join(dir, 'tail', 'clip.mp4');
    const clip = await cutClip({ ffmpegPath: FFMPEG, segments, startTs: T0 + 8000, endTs: T0 + 20_000, outPath });
    const recordingEnd = segments.at(-1)!.endTs;
    expect(clip.startTs).toBeLessThanOrEqual(T0 + 8000);
    expect(clip.endTs).toBeGreaterThanOrEqual(recordingEnd - 200);
    expect(clip.endTs).toBeLessThanOrEqual(recordingEnd + 300);
  });

  it('fails clearly, writing nothing, when no segment covers the span', async () => {
    const outPath = join(dir, 'none', 'clip.mp4');
    const attempt = cutClip({ ffmpegPath: FFMPEG, segments, startTs: T0 + 60_000, endTs: T0 + 70_000, outPath });
    await expect(attempt).rejects.toBeInstanceOf(VigilError);
    await expect(attempt).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no recorded segments of camera dock-1 cover/) });
    await expect(stat(outPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a segment ffmpeg cannot read, leaving no partial files', async () => {
    const broken = join(dir, 'broken.ts');
    await writeFile(broken, Buffer.alloc(4096, 7));
    const outDir = join(dir, 'broken-out');
    const attempt = cutClip({
      ffmpegPath: FFMPEG,
      segments: [{ cameraId: 'dock-1', path: broken, startTs: T0, endTs: T0 + 2000 }],
      startTs: T0,
      endTs: T0 + 2000,
      outPath: join(outDir, 'clip.mp4'),
    });
    await expect(attempt).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('ffmpeg failed') });
    expect(await readdir(outDir)).toEqual([]);
  });

  it('reports a missing ffmpeg as unavailable', async () => {
    const attempt = cutClip({ ffmpegPath: join(dir, 'no-ffmpeg'), segments, startTs: T0, endTs: T0 + 2000, outPath: join(dir, 'x', 'clip.mp4') });
    await expect(attempt).rejects.toMatchObject({ code: 'unavailable' });
  });
});
