import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraIngest } from '../../server/src/ingest/index.js';
import { createCameraIngest } from '../../server/src/ingest/index.js';
import { frameJpeg } from '../../server/src/imaging/index.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { camera, FFMPEG, makeTempDir, probeVideo, recorder, removeDir, waitFor } from './helpers.js';

const run = promisify(execFile);
const URL = 'sim://pattern?size=320x180&fps=10';
/** The left half of the picture is masked. */
const MASK = { id: 'office-window', name: 'Office window', polygon: [[0, 0], [0.5, 0], [0.5, 1], [0, 1]] as [number, number][] };
/** A patch inside the mask and one outside it, both clear of its edge. */
const INSIDE = [0.05, 0.05, 0.45, 0.95] as const;
const OUTSIDE = [0.55, 0.05, 0.95, 0.95] as const;

interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Pixel variance within 8×8 blocks, averaged over a normalised rectangle: the fine detail a blur removes, not the
 * picture's large shapes (the test card's colour bars), which a blurred region keeps.
 */
function varianceIn(picture: Gray, [x0, y0, x1, y1]: readonly [number, number, number, number]): number {
  const B = 8;
  const blocks: number[] = [];
  for (let by = Math.ceil((y0 * picture.height) / B) * B; by + B <= y1 * picture.height; by += B) {
    for (let bx = Math.ceil((x0 * picture.width) / B) * B; bx + B <= x1 * picture.width; bx += B) {
      const values: number[] = [];
      for (let y = by; y < by + B; y += 1) for (let x = bx; x < bx + B; x += 1) values.push(picture.data[y * picture.width + x] ?? 0);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      blocks.push(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    }
  }
  return blocks.reduce((a, b) => a + b, 0) / blocks.length;
}

async function jpegGray(jpeg: Buffer): Promise<Gray> {
  const { data, info } = await sharp(jpeg).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** The first picture of a segment, decoded, as gray. */
async function clipGray(path: string): Promise<Gray> {
  const { width, height } = await probeVideo(path);
  const { stdout } = await run(FFMPEG, ['-v', 'error', '-i', path, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    encoding: 'buffer',
    maxBuffer: 16 * 1024 * 1024,
  });
  return { width, height, data: stdout };
}

describe('privacy masks', () => {
  let dir = '';
  const masked = recorder();
  const plain = recorder();
  let ingests: CameraIngest[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('masks');
    const options = { ffmpegPath: FFMPEG, logger: silentLogger(), segmentSeconds: 1 };
    ingests = [
      createCameraIngest(camera(URL, { id: 'masked', masks: [MASK] }), { ...options, dataDir: join(dir, 'masked') }, masked.handlers),
      createCameraIngest(camera(URL, { id: 'plain' }), { ...options, dataDir: join(dir, 'plain') }, plain.handlers),
    ];
    for (const ingest of ingests) ingest.start();
    await waitFor('frames and a segment from both cameras', () => [masked, plain].every((r) => r.frames.length > 3 && r.segments.length > 0), 20_000);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(ingests.map((ingest) => ingest.stop()));
    await removeDir(dir);
  });

  const compare = (maskedPicture: Gray, plainPicture: Gray) => {
    const inside = { masked: varianceIn(maskedPicture, INSIDE), plain: varianceIn(plainPicture, INSIDE) };
    const outside = { masked: varianceIn(maskedPicture, OUTSIDE), plain: varianceIn(plainPicture, OUTSIDE) };
    expect(inside.plain).toBeGreaterThan(50);
    expect(inside.masked).toBeLessThan(inside.plain * 0.2);
    expect(outside.masked).toBeGreaterThan(outside.plain * 0.9);
    expect(outside.masked).toBeLessThan(outside.plain * 1.1);
  };

  it('blurs the masked region of the snapshot JPEG and leaves the rest as it is', async () => {
    // Sampled frame n of either camera shows the scene at the same time (n / fps): the test card moves.
    const [maskedJpeg, plainJpeg] = await Promise.all([frameJpeg(masked.frames[3]!), frameJpeg(plain.frames[3]!)]);
    compare(await jpegGray(maskedJpeg), await jpegGray(plainJpeg));
  });

  // A segment's first picture shows scene time 0 on either camera.
  it('blurs the masked region of the clips (segments encoded to H.264)', async () => {
    expect(await probeVideo(masked.segments[0]!.path)).toEqual({ codec: 'h264', width: 320, height: 180 });
    compare(await clipGray(masked.segments[0]!.path), await clipGray(plain.segments[0]!.path));
  });

  it('blurs the gray frames the pixel gate sees', () => {
    const maskedGray = masked.grays[3]!;
    const plainGray = plain.grays[3]!;
    expect(varianceIn(maskedGray, INSIDE)).toBeLessThan(varianceIn(plainGray, INSIDE) * 0.5);
  });
});
