import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveOptionsDto } from '../../server/src/contracts/index.js';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { camera, FFPROBE, makeTempDir, removeDir, waitFor } from '../ingest/helpers.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { kill, publish, startLiveApp, TOKEN, type LiveApp } from './live-harness.js';

const run = promisify(execFile);

/** Connects and collects binary messages; resolves with the socket once open. */
function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const chunks: Buffer[] = [];
    ws.on('message', (data: Buffer) => chunks.push(Buffer.from(data)));
    ws.once('open', () => resolve({ ws, chunks }));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => reject(new Error(`${response.statusCode} ${body}`)));
    });
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve())));

describe('live video over JSMpeg', () => {
  let relay: RtspRelay;
  let app: LiveApp;
  let dir = '';
  const publishers: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('jsmpeg');
    relay = await startRtspRelay();
    publishers.push(publish(relay.url('dock')), publish(relay.url('hevc'), 'hevc'));
    await Promise.all([relay.waitForMount('dock'), relay.waitForMount('hevc')]);
    app = await startLiveApp([camera(relay.url('dock'), { id: 'dock' }), camera(relay.url('hevc'), { id: 'hevc' })], silentLogger());
    await waitFor('the dock camera to be watchable', () => app.live.availability('dock').ready, 20_000);
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all(publishers.map(kill));
    await relay?.close();
    await removeDir(dir);
  });

  it('streams MPEG-TS with MPEG-1 video to two viewers, and stops the transcoder after the last leaves', async () => {
    const options = LiveOptionsDto.parse(await (await app.request('/api/cameras/dock/live')).json());
    const url = options.jsmpeg ?? '';
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api\/cameras\/dock\/live\/jsmpeg\?token=/);
    const first = await connect(url);
    const second = await connect(url);
    expect(app.live.stats('dock')).toMatchObject({ jsmpegViewers: 2, transcoding: true });

    for (const viewer of [first, second]) {
      await waitFor('a second of MPEG-TS', () => Buffer.concat(viewer.chunks).length >= 188 * 200, 20_000);
      const stream = Buffer.concat(viewer.chunks);
      const whole = stream.subarray(0, stream.length - (stream.length % 188));
      for (let offset = 0; offset < whole.length; offset += 188) expect(whole[offset]).toBe(0x47);
      const file = join(dir, `capture-${viewer === first ? 1 : 2}.ts`);
      await writeFile(file, whole);
      const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', file]);
      expect((JSON.parse(stdout) as { streams: unknown[] }).streams).toEqual([{ codec_name: 'mpeg1video', width: 320, height: 240 }]);
    }

    first.ws.close();
    await closed(first.ws);
    await waitFor('one viewer left', () => app.live.stats('dock').jsmpegViewers === 1);
    expect(app.live.stats('dock').transcoding).toBe(true);
    second.ws.close();
    await closed(second.ws);
    await waitFor('the transcoder to stop', () => !app.live.stats('dock').transcoding, 10_000);
    expect(app.live.stats('dock').jsmpegViewers).toBe(0);
  });

  it('refuses an upgrade without the token, for an unknown camera, and for a camera that is not H.264', async () => {
    const base = app.baseUrl.replace('http://', 'ws://');
    await expect(connect(`${base}/api/cameras/dock/live/jsmpeg`)).rejects.toThrow(/^401 .*missing API token/);
    await expect(connect(`${base}/api/cameras/dock/live/jsmpeg?token=wrong`)).rejects.toThrow(/^401 .*invalid API token/);
    await expect(connect(`${base}/api/cameras/nope/live/jsmpeg?token=${TOKEN}`)).rejects.toThrow(/^404 /);
    await waitFor('the H.265 camera to be recognised', () => {
      const availability = app.live.availability('hevc');
      return !availability.ready && availability.problem === 'unsupported';
    }, 20_000);
    await expect(connect(`${base}/api/cameras/hevc/live/jsmpeg?token=${TOKEN}`)).rejects.toThrow(/^409 .*H\.265/);
    // A bearer header works too (non-browser clients).
    const viaHeader = await connect(`${base}/api/cameras/dock/live/jsmpeg`, { authorization: `Bearer ${TOKEN}` });
    viaHeader.ws.close();
    await closed(viaHeader.ws);
    // A plain GET on the WebSocket path says what it is.
    const plain = await app.request('/api/cameras/dock/live/jsmpeg');
    expect(plain.status).toBe(426);
  });
});
