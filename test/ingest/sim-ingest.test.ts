import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrayFrame } from '../../server/src/domain/index.js';
import { createCameraIngest, intrusionTimeline, parseSimUrl } from '../../server/src/ingest/index.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { camera, FFMPEG, makeTempDir, meanIn, probeVideo, recorder, removeDir, waitFor } from './helpers.js';

const SAMPLE_FPS = 5;
/** The fps filter starts at scene time 0, so gray frame n shows the scene at n / fps seconds. */
const frameAt = (grays: GrayFrame[], seconds: number): GrayFrame | undefined => grays[Math.round(seconds * SAMPLE_FPS)];
/** Where the sim worker stands inside the restricted area, and a patch of shelving nothing crosses. */
const STAND = [0.75, 0.62, 0.82, 0.86] as const;
const SHELF = [0.05, 0.12, 0.24, 0.58] as const;

describe('sim:// ingest', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('sim');
  });
  afterAll(() => removeDir(dir));

  it('shows a worker entering the restricted area on the right and leaving again, encoded to H.264 segments', async () => {
    const url = 'sim://intrusion?period=6&size=320x180&fps=10';
    const timeline = intrusionTimeline(parseSimUrl(url).params);
    const rec = recorder();
    let thrown = 0;
    const ingest = createCameraIngest(
      camera(url, { id: 'cell-3', sample: { fps: SAMPLE_FPS, maxSide: 640 } }),
      { ffmpegPath: FFMPEG, dataDir: join(dir, 'intrusion'), logger: silentLogger(), segmentSeconds: 1 },
      {
        ...rec.handlers,
        onFrame: (frame) => {
          rec.handlers.onFrame(frame);
          thrown += 1;
          throw new Error('a faulty consumer must not stop the camera');
        },
      },
    );
    ingest.start();
    try {
      await waitFor('one period of gray frames', () => rec.grays.length > timeline.period * SAMPLE_FPS, 15_000);
      await waitFor('a segment', () => rec.segments.length > 0, 5000);
      expect(rec.frames.every((f) => f.width === 320 && f.height === 180)).toBe(true);
      expect(thrown).toBe(rec.frames.length);
      expect(ingest.status()).toMatchObject({ lastFrameAt: rec.frames.at(-1)?.ts, restarts: 0 });

      const before = frameAt(rec.grays, timeline.enterAt / 2);
      const inside = frameAt(rec.grays, (timeline.inZoneFrom + timeline.inZoneUntil) / 2);
      const after = frameAt(rec.grays, (timeline.goneAt + timeline.period) / 2);
      if (!before || !inside || !after) throw new Error('missing frames');
      const standDelta = Math.abs(meanIn(inside, ...STAND) - meanIn(before, ...STAND));
      expect(standDelta).toBeGreaterThan(8);
      expect(Math.abs(meanIn(after, ...STAND) - meanIn(before, ...STAND))).toBeLessThan(3);
      expect(Math.abs(meanIn(inside, ...SHELF) - meanIn(before, ...SHELF))).toBeLessThan(3);

      expect(await probeVideo(rec.segments[0]?.path ?? '')).toEqual({ codec: 'h264', width: 320, height: 180 });
    } finally {
      await ingest.stop();
    }
  }, 30_000);

  it('goes dark for the configured part of each period, and an idle scene stays still', async () => {
    const dark = recorder();
    const idle = recorder();
    const options = { ffmpegPath: FFMPEG, logger: silentLogger() };
    const darkIngest = createCameraIngest(
      camera('sim://dark?period=4&duration=2&size=320x180&fps=10', { id: 'dark', sample: { fps: SAMPLE_FPS, maxSide: 640 } }),
      { ...options, dataDir: join(dir, 'dark') },
      dark.handlers,
    );
    const idleIngest = createCameraIngest(
      camera('sim://idle?size=320x180&fps=10', { id: 'idle', sample: { fps: SAMPLE_FPS, maxSide: 640 } }),
      { ...options, dataDir: join(dir, 'idle') },
      idle.handlers,
    );
    darkIngest.start();
    idleIngest.start();
    try {
      await waitFor('dark frames up to 3.6 s', () => dark.grays.length > 3.6 * SAMPLE_FPS, 15_000);
      await waitFor('idle frames', () => idle.grays.length > 10, 10_000);
      const whole = [0, 0, 1, 1] as const;
      const lit = frameAt(dark.grays, 1);
      const black = frameAt(dark.grays, 3);
      if (!lit || !black) throw new Error('missing frames');
      expect(meanIn(lit, ...whole)).toBeGreaterThan(60);
      expect(meanIn(black, ...whole)).toBeLessThan(25);

      const [firstIdle, lastIdle] = [idle.grays[1], idle.grays.at(-1)];
      if (!firstIdle || !lastIdle) throw new Error('missing frames');
      let changed = 0;
      for (let i = 0; i < firstIdle.data.length; i += 1) {
        if (Math.abs((firstIdle.data[i] ?? 0) - (lastIdle.data[i] ?? 0)) > 25) changed += 1;
      }
      expect(changed / firstIdle.data.length).toBeLessThan(0.01);
    } finally {
      await Promise.all([darkIngest.stop(), idleIngest.stop()]);
    }
  }, 30_000);
});
