import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCameraIngest } from '../../server/src/ingest/index.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { camera, captureLogger, closedPort, FFMPEG, ffmpegPidsWith, makeTempDir, recorder, removeDir, waitFor } from './helpers.js';

const PASSWORD = 'Tr0ub4dor-9x';
const fastRetry = { initialMs: 100, maxMs: 400 };

/** A TCP server that answers every connection with junk and keeps sending more. */
async function startGarbageServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('SSH-2.0-definitely-not-rtsp\r\n\r\n\x00\xff\xd8 garbage');
    const timer = setInterval(() => socket.write(Buffer.alloc(256, 0x5a)), 100);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('ingest failures', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('fail');
  });
  afterAll(() => removeDir(dir));

  it('reports a refused camera offline, retries with growing backoff, and never shows its password', async () => {
    const port = await closedPort();
    const { logger, output } = captureLogger();
    const rec = recorder();
    const dataDir = join(dir, 'refused');
    const ingest = createCameraIngest(
      camera(`rtsp://admin:${PASSWORD}@127.0.0.1:${port}/stream1?token=${PASSWORD}`),
      { ffmpegPath: FFMPEG, dataDir, logger, backoff: fastRetry },
      rec.handlers,
    );
    ingest.start();
    try {
      await waitFor('four restarts', () => ingest.status().restarts >= 4, 15_000);
      expect(ingest.status()).toMatchObject({ state: 'offline', reason: 'connection refused', lastFrameAt: null });
      expect(rec.statuses[0]?.state).toBe('starting');
      expect(rec.statuses.slice(1).every((s) => s.state === 'offline' && s.reason === 'connection refused')).toBe(true);

      const retries = output()
        .split('\n')
        .filter((line) => line.includes('"ffmpeg exited"'))
        .map((line) => (JSON.parse(line) as { retryInMs: number }).retryInMs);
      expect(retries.length).toBeGreaterThanOrEqual(4);
      expect(retries[0]).toBeLessThanOrEqual(125);
      expect(retries[2]).toBeGreaterThanOrEqual(300);
      expect(Math.max(...retries)).toBeLessThanOrEqual(400);
    } finally {
      await ingest.stop();
    }
    const everything = output() + JSON.stringify(rec.statuses) + JSON.stringify(ingest.status());
    expect(output()).toContain('ffmpeg says');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('admin:');
    expect(ffmpegPidsWith(dataDir)).toEqual([]);
  }, 30_000);

  it('survives a server that answers garbage', async () => {
    const garbage = await startGarbageServer();
    const rec = recorder();
    const dataDir = join(dir, 'garbage');
    const ingest = createCameraIngest(
      camera(`rtsp://127.0.0.1:${garbage.port}/live`),
      { ffmpegPath: FFMPEG, dataDir, logger: silentLogger(), watchdogMs: 1500, ioTimeoutMs: 1000, backoff: fastRetry },
      rec.handlers,
    );
    ingest.start();
    try {
      await waitFor('two restarts', () => ingest.status().restarts >= 2, 20_000);
      expect(rec.frames).toEqual([]);
      expect(ingest.status().state).toBe('offline');
      expect(ingest.status().reason).toMatch(/invalid data|no frames for \d+ s|closed|timed out/);
    } finally {
      await ingest.stop();
      await garbage.close();
    }
    expect(ffmpegPidsWith(dataDir)).toEqual([]);
  }, 30_000);

  it('restarts ffmpeg when frames stop, and comes back online', async () => {
    const rec = recorder();
    const dataDir = join(dir, 'stall');
    const ingest = createCameraIngest(
      camera('sim://idle?size=320x180&fps=10', { sample: { fps: 5, maxSide: 320 } }),
      { ffmpegPath: FFMPEG, dataDir, logger: silentLogger(), watchdogMs: 1500, backoff: fastRetry },
      rec.handlers,
    );
    ingest.start();
    try {
      await waitFor('online', () => ingest.status().state === 'online');
      const [pid] = ffmpegPidsWith(dataDir);
      if (pid === undefined) throw new Error('ffmpeg not found');
      process.kill(pid, 'SIGSTOP');
      await waitFor('watchdog', () => rec.statuses.find((s) => s.state === 'offline'), 10_000);
      expect(rec.statuses.find((s) => s.state === 'offline')?.reason).toMatch(/^no frames for \d+ s$/);
      await waitFor('online again', () => ingest.status().state === 'online' && ingest.status().restarts === 1, 15_000);
      expect(ffmpegPidsWith(dataDir)).not.toContain(pid);
    } finally {
      await ingest.stop();
    }
    expect(ffmpegPidsWith(dataDir)).toEqual([]);
  }, 30_000);

  it('reports a source it cannot read, and an ffmpeg that cannot start', async () => {
    const bad = recorder();
    const badSource = createCameraIngest(camera('sim://fireworks'), { ffmpegPath: FFMPEG, dataDir: join(dir, 'bad'), logger: silentLogger() }, bad.handlers);
    const missing = recorder();
    const noFfmpeg = createCameraIngest(
      camera('sim://idle'),
      { ffmpegPath: join(dir, 'no-such-ffmpeg'), dataDir: join(dir, 'missing'), logger: silentLogger(), backoff: fastRetry },
      missing.handlers,
    );
    badSource.start();
    noFfmpeg.start();
    try {
      expect(badSource.status()).toMatchObject({ state: 'offline', restarts: 0 });
      expect(badSource.status().reason).toMatch(/unknown sim scene/);
      await waitFor('a retry of the missing ffmpeg', () => noFfmpeg.status().restarts >= 1);
      expect(noFfmpeg.status()).toMatchObject({ state: 'offline' });
      expect(noFfmpeg.status().reason).toMatch(/^cannot start ffmpeg: .*ENOENT/);
    } finally {
      await Promise.all([badSource.stop(), noFfmpeg.stop()]);
    }
  }, 15_000);
});
