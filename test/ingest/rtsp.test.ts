import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../server/src/ingest/index.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { camera, captureLogger, FFMPEG, ffmpegPidsWith, makeTempDir, probeVideo, recorder, removeDir, waitFor } from './helpers.js';

/** A camera: ffmpeg encoding a test pattern and publishing it to the relay over TCP. */
function publish(url: string): ChildProcess {
  const child = spawn(
    FFMPEG,
    [
      '-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=15',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '15',
      '-f', 'rtsp', '-rtsp_transport', 'tcp', url,
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const withCredentials = (url: string) => url.replace('rtsp://', 'rtsp://viewer:Pa55-word@');

describe('rtsp:// ingest', () => {
  let relay: RtspRelay;
  let dir = '';
  const publishers: ChildProcess[] = [];

  beforeAll(async () => {
    relay = await startRtspRelay();
    dir = await makeTempDir('rtsp');
  });
  afterEach(async () => {
    await Promise.all(publishers.splice(0).map(kill));
  });
  afterAll(async () => {
    await relay.close();
    await removeDir(dir);
  });

  it('reads a camera over TCP and over UDP, stream-copying its segments', async () => {
    publishers.push(publish(relay.url('dock')));
    await relay.waitForMount('dock');
    const { logger, output } = captureLogger();
    const tcp = recorder();
    const udp = recorder();
    const options = { ffmpegPath: FFMPEG, logger, segmentSeconds: 1 };
    const overTcp = createCameraIngest(
      camera(withCredentials(relay.url('dock')), { id: 'dock-tcp', rtspTransport: 'tcp' }),
      { ...options, dataDir: join(dir, 'tcp') },
      tcp.handlers,
    );
    const overUdp = createCameraIngest(
      camera(withCredentials(relay.url('dock')), { id: 'dock-udp', rtspTransport: 'udp' }),
      { ...options, dataDir: join(dir, 'udp') },
      udp.handlers,
    );
    overTcp.start();
    overUdp.start();
    try {
      for (const [name, rec] of [['tcp', tcp], ['udp', udp]] as const) {
        await waitFor(`${name} frames and a segment`, () => rec.frames.length >= 4 && rec.segments.length >= 1, 15_000);
        expect(rec.frames.every((f) => f.width === 320 && f.height === 240)).toBe(true);
        expect(rec.grays.length).toBeGreaterThan(0);
        expect(await probeVideo(rec.segments[0]?.path ?? '')).toEqual({ codec: 'h264', width: 320, height: 240 });
      }
      expect(overTcp.status().state).toBe('online');
      expect(overUdp.status().state).toBe('online');
    } finally {
      await Promise.all([overTcp.stop(), overUdp.stop()]);
    }
    expect(output() + JSON.stringify([...tcp.statuses, ...udp.statuses])).not.toContain('Pa55-word');
    expect(ffmpegPidsWith(dir)).toEqual([]);
  }, 30_000);

  it('goes offline when the camera drops and back online by itself when it returns', async () => {
    publishers.push(publish(relay.url('gate')));
    await relay.waitForMount('gate');
    const rec = recorder();
    const ingest = createCameraIngest(
      camera(relay.url('gate'), { id: 'gate' }),
      { ffmpegPath: FFMPEG, dataDir: join(dir, 'gate'), logger: silentLogger(), watchdogMs: 2000, ioTimeoutMs: 2000, backoff: { initialMs: 200, maxMs: 1000 } },
      rec.handlers,
    );
    ingest.start();
    try {
      await waitFor('online', () => ingest.status().state === 'online', 15_000);
      await Promise.all(publishers.splice(0).map(kill));
      await waitFor('offline', () => ingest.status().state === 'offline', 15_000);
      const offline = ingest.status();
      expect(offline.reason.length).toBeGreaterThan(0);

      publishers.push(publish(relay.url('gate')));
      await relay.waitForMount('gate');
      await waitFor('online again', () => ingest.status().state === 'online', 20_000);
      expect(ingest.status().restarts).toBeGreaterThanOrEqual(1);
      const states = rec.statuses.map((s) => s.state);
      // Under load the very first connection may fail before the camera ever comes online: look after that.
      const firstOnline = states.indexOf('online');
      const droppedAt = states.indexOf('offline', firstOnline);
      expect(droppedAt).toBeGreaterThan(firstOnline);
      expect(states.lastIndexOf('online')).toBeGreaterThan(droppedAt);
    } finally {
      await ingest.stop();
    }
  }, 45_000);
});
