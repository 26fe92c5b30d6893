import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCameraIngest, type CameraIngest } from '../../server/src/ingest/index.js';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { camera, captureLogger, FFMPEG, ffmpegPidsWith, makeTempDir, removeDir, waitFor } from '../ingest/helpers.js';
import { childPidsOf, killHard, makeSmallClip, openFdCount, publishClip } from './fault-helpers.js';

/**
 * 100 drops and returns in all: CAMERAS cameras flap side by side, FLAPS times each, so the run fits CI (each
 * return costs about 1.5 s, most of it ffmpeg probing the stream).
 */
const CAMERAS = Number(process.env.FAULT_FLAP_CAMERAS ?? 4);
const FLAPS = Number(process.env.FAULT_FLAPS ?? 25);
const ONLINE_WITHIN_MS = 10_000;
/** Descriptors the test process may hold beyond those after the first cycle (sockets still closing, log files). */
const FD_SLACK = 16;

interface Flapper {
  id: string;
  dataDir: string;
  ingest: CameraIngest;
  publisher: ChildProcess | null;
  onlineMs: number[];
  maxIngestFfmpegs: number;
  log: () => string;
}

describe('RTSP cameras that drop and come back', () => {
  let dir = '';
  let clip = '';
  let relay: RtspRelay;
  const flappers: Flapper[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('flap');
    clip = join(dir, 'clip.mp4');
    await makeSmallClip(clip, { size: '160x120', fps: 10, gop: 2 });
    relay = await startRtspRelay();
  });
  afterAll(async () => {
    for (const flapper of flappers) {
      if (flapper.publisher) await killHard(flapper.publisher);
      await flapper.ingest.stop();
    }
    await relay?.close();
    await removeDir(dir);
  });

  const flap = async (flapper: Flapper, path: string, onFirstCycle: () => void) => {
    for (let n = 0; n < FLAPS; n += 1) {
      const returnedAt = Date.now();
      flapper.publisher = publishClip(clip, relay.url(path));
      try {
        await waitFor(`${flapper.id} online after return ${n + 1}`, () => flapper.ingest.status().state === 'online', ONLINE_WITHIN_MS);
      } catch (error) {
        const publisherAlive = flapper.publisher.exitCode === null && flapper.publisher.signalCode === null;
        throw new Error(
          `${(error as Error).message}; status ${JSON.stringify(flapper.ingest.status())}; publisher alive ${publisherAlive}; ` +
            `mounted ${relay.mounts().includes(path)}; log tail:\n${flapper.log().split('\n').slice(-40).join('\n')}`,
        );
      }
      flapper.onlineMs.push(Date.now() - returnedAt);
      flapper.maxIngestFfmpegs = Math.max(flapper.maxIngestFfmpegs, ffmpegPidsWith(flapper.dataDir).length);
      await killHard(flapper.publisher);
      flapper.publisher = null;
      await waitFor(`${flapper.id} offline after drop ${n + 1}`, () => flapper.ingest.status().state !== 'online', ONLINE_WITHIN_MS);
      if (n === 0) onFirstCycle();
    }
  };

  it(`${CAMERAS} x ${FLAPS} returns: online again within ${ONLINE_WITHIN_MS / 1000} s each time, no leaked ffmpeg or descriptors`, async () => {
    const paths: string[] = [];
    for (let i = 0; i < CAMERAS; i += 1) {
      const id = `flapper-${i + 1}`;
      const dataDir = join(dir, id);
      paths.push(`${id}-${process.pid}`);
      const { logger, output } = captureLogger();
      const ingest = createCameraIngest(
        camera(relay.url(paths[i]!), { id, sample: { fps: 5, maxSide: 160 } }),
        {
          ffmpegPath: FFMPEG, dataDir, logger, watchdogMs: 5000, ioTimeoutMs: 3000,
          backoff: { initialMs: 50, maxMs: 250 }, healthyRunMs: 300, segmentSeconds: 1, ringSeconds: 4,
        },
        { onFrame: () => undefined, onGray: () => undefined, onSegment: () => undefined, onStatus: () => undefined },
      );
      flappers.push({ id, dataDir, ingest, publisher: null, onlineMs: [], maxIngestFfmpegs: 0, log: output });
      ingest.start();
    }
    let firstCycles = 0;
    let fdsAfterFirst = 0;
    let maxFfmpegChildren = 0;
    const sampler = setInterval(() => (maxFfmpegChildren = Math.max(maxFfmpegChildren, childPidsOf(process.pid, 'ffmpeg').length)), 200);
    try {
      await Promise.all(
        flappers.map((flapper, i) =>
          flap(flapper, paths[i]!, () => {
            firstCycles += 1;
            if (firstCycles === CAMERAS) fdsAfterFirst = openFdCount();
          }),
        ),
      );
    } finally {
      clearInterval(sampler);
    }
    const fdsAtEnd = openFdCount();
    const all = flappers.flatMap((f) => f.onlineMs).sort((a, b) => a - b);
    console.info(
      `camera returns: ${all.length} (${CAMERAS} cameras x ${FLAPS}); back online p50 ${all[Math.floor(all.length / 2)]} ms, ` +
        `max ${all.at(-1)} ms; fds after first cycle ${fdsAfterFirst}, at end ${fdsAtEnd}; ffmpeg children at most ${maxFfmpegChildren}; ` +
        `restarts ${flappers.map((f) => f.ingest.status().restarts).join('/')}`,
    );
    expect(all).toHaveLength(CAMERAS * FLAPS);
    expect(all.at(-1)!).toBeLessThan(ONLINE_WITHIN_MS);
    for (const flapper of flappers) expect(flapper.maxIngestFfmpegs, flapper.id).toBeLessThanOrEqual(1);
    // One reader and at most one publisher per camera, the odd exiting one aside.
    expect(maxFfmpegChildren).toBeLessThanOrEqual(2 * CAMERAS + 1);
    expect(fdsAtEnd - fdsAfterFirst).toBeLessThanOrEqual(FD_SLACK);

    for (const flapper of flappers) await flapper.ingest.stop();
    await waitFor('no ffmpeg left', () => childPidsOf(process.pid, 'ffmpeg').length === 0, 5000);
    for (const flapper of flappers) expect(ffmpegPidsWith(flapper.dataDir)).toEqual([]);
    await waitFor('the relay has no readers', () => relay.stats().readers === 0, 5000);
  }, 200_000);
});
