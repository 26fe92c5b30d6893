import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveOptionsDto } from '../../server/src/contracts/index.js';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { camera, captureLogger, closedPort, probeVideo, waitFor } from '../ingest/helpers.js';
import { kill, nalTypes, offer, publish, startLiveApp, watch, TOKEN, type LiveApp, type Viewer } from './live-harness.js';

const withCredentials = (url: string) => url.replace('rtsp://', 'rtsp://viewer:Live-Pa55@');

describe('live video over WebRTC', () => {
  let relay: RtspRelay;
  let app: LiveApp;
  const publishers: ChildProcess[] = [];
  const viewers: Viewer[] = [];
  const logs = captureLogger();

  beforeAll(async () => {
    relay = await startRtspRelay();
    publishers.push(publish(relay.url('dock')), publish(relay.url('hevc'), 'hevc'));
    await Promise.all([relay.waitForMount('dock'), relay.waitForMount('hevc')]);
    app = await startLiveApp(
      [
        camera(withCredentials(relay.url('dock')), { id: 'dock' }),
        camera(relay.url('hevc'), { id: 'hevc' }),
        camera(`rtsp://viewer:Live-Pa55@127.0.0.1:${await closedPort()}/gone`, { id: 'gone' }),
        camera('sim://intrusion?fps=10', { id: 'sim' }),
      ],
      logs.logger,
    );
    await waitFor('the dock camera to be watchable', () => app.live.availability('dock').ready, 20_000);
  });

  afterAll(async () => {
    await Promise.all(viewers.map((v) => v.close()));
    await app?.close();
    await Promise.all(publishers.map(kill));
    await relay?.close();
  });

  it('offers WebRTC and a JSMpeg URL on the host the request came to', async () => {
    const response = await app.request('/api/cameras/dock/live');
    expect(response.status).toBe(200);
    const options = LiveOptionsDto.parse(await response.json());
    const host = new URL(app.baseUrl).host;
    expect(options).toEqual({
      cameraId: 'dock',
      webrtc: true,
      jsmpeg: `ws://${host}/api/cameras/dock/live/jsmpeg?token=${TOKEN}`,
      unavailable: null,
    });
  });

  it('relays the camera\'s H.264 to two viewers at once: SPS and IDR arrive, decodable from the start', async () => {
    const [a, b] = await Promise.all([watch(app, 'dock'), watch(app, 'dock')]);
    viewers.push(a!, b!);
    for (const viewer of [a!, b!]) {
      expect(viewer.answer).toMatch(/a=sendonly/);
      expect(viewer.answer).toMatch(/a=rtpmap:\d+ H264\/90000/i);
      expect(viewer.answer).toMatch(/a=candidate:.* 127\.0\.0\.1 /);
      expect(viewer.answer).not.toContain('Live-Pa55');
      await waitFor('SPS and IDR', () => nalTypes(viewer.packets).has(7) && nalTypes(viewer.packets).has(5), 15_000);
      // The first packet a viewer gets opens a keyframe: the parameter sets come first.
      const first = viewer.packets[0]!;
      expect(nalTypes([first]).has(7)).toBe(true);
      const answeredType = Number(/a=rtpmap:(\d+) H264/i.exec(viewer.answer)?.[1]);
      expect(viewer.packets.every((p) => p.header.payloadType === answeredType)).toBe(true);
    }
    expect(app.live.stats('dock').webrtcViewers).toBe(2);
  });

  it('keeps stream-copying segments beside the live copy', async () => {
    const segments = await waitFor('a segment', () => (app.segments.get('dock')?.length ? app.segments.get('dock') : null), 15_000);
    expect(await probeVideo(segments[0]?.path ?? '')).toEqual({ codec: 'h264', width: 320, height: 240 });
  });

  it('relays a sim camera from its one x264 encode', async () => {
    await waitFor('the sim camera to be watchable', () => app.live.availability('sim').ready, 20_000);
    const viewer = await watch(app, 'sim');
    viewers.push(viewer);
    await waitFor('SPS and IDR', () => nalTypes(viewer.packets).has(7) && nalTypes(viewer.packets).has(5), 15_000);
    const segments = await waitFor('a sim segment', () => (app.segments.get('sim')?.length ? app.segments.get('sim') : null), 15_000);
    expect((await probeVideo(segments[0]?.path ?? '')).codec).toBe('h264');
  });

  it('cleans up a viewer that leaves', async () => {
    const viewer = await watch(app, 'dock');
    await waitFor('packets', () => viewer.packets.length > 0, 15_000);
    const before = app.live.stats('dock').webrtcViewers;
    await viewer.close();
    // werift's close sends no DTLS alert (a browser's does), so this is the path of a tab that just vanished:
    // ICE consent (RFC 7675) expires after 30 s and the peer is dropped.
    await waitFor('the peer to be gone', () => app.live.stats('dock').webrtcViewers === before - 1, 50_000);
  }, 60_000);

  it('reports a camera whose video is not H.264 as unavailable, and answers its offers 409', async () => {
    await waitFor('the H.265 camera to be recognised', () => {
      const availability = app.live.availability('hevc');
      return !availability.ready && availability.problem === 'unsupported';
    }, 20_000);
    const options = LiveOptionsDto.parse(await (await app.request('/api/cameras/hevc/live')).json());
    expect(options).toMatchObject({ webrtc: false, jsmpeg: null, unavailable: expect.stringMatching(/H\.265.*H\.264 only/) });
    const { pc, sdp } = await offer();
    const response = await app.request('/api/cameras/hevc/live/webrtc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'offer', sdp }),
    });
    await pc.close();
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/H\.265/);
  });

  it('reports an offline camera as unavailable and answers its offers 503, without its credentials', async () => {
    await waitFor('the camera to be offline', () => app.ingests.get('gone')?.status().state === 'offline', 20_000);
    const options = LiveOptionsDto.parse(await (await app.request('/api/cameras/gone/live')).json());
    expect(options).toMatchObject({ webrtc: false, jsmpeg: null, unavailable: expect.stringMatching(/^the camera is offline/) });
    const { pc, sdp } = await offer();
    const response = await app.request('/api/cameras/gone/live/webrtc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'offer', sdp }),
    });
    await pc.close();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).toMatch(/offline/);
    expect(text + JSON.stringify(options) + logs.output()).not.toContain('Live-Pa55');
  });

  it('answers a bad offer 400, naming the problem', async () => {
    const post = (body: unknown) =>
      app.request('/api/cameras/dock/live/webrtc', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const notSdp = await post({ type: 'offer', sdp: 'this is not a session description' });
    expect(notSdp.status).toBe(400);
    expect(await notSdp.text()).toMatch(/not SDP/);
    const { pc, sdp } = await offer();
    await pc.close();
    const vp8Only = await post({ type: 'offer', sdp: sdp.replace(/H264\/90000/gi, 'VP8/90000') });
    expect(vp8Only.status).toBe(400);
    expect(await vp8Only.text()).toMatch(/no H\.264/);
    const sendonly = await post({ type: 'offer', sdp: sdp.replace('a=recvonly', 'a=sendonly') });
    expect(sendonly.status).toBe(400);
    expect(await sendonly.text()).toMatch(/sendonly/);
    const answer = await post({ type: 'answer', sdp });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/type/);
  });

  it('caps the viewers of one camera with a clear 503', async () => {
    const capped = await startLiveApp([camera(relay.url('dock'), { id: 'dock' })], logs.logger, { maxViewersPerCamera: 1 });
    try {
      await waitFor('the camera to be watchable', () => capped.live.availability('dock').ready, 20_000);
      const first = await watch(capped, 'dock');
      viewers.push(first);
      await expect(watch(capped, 'dock')).rejects.toThrow(/503.*already has 1 live viewers/);
    } finally {
      await capped.close();
    }
  });
});
