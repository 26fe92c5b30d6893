import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto, AlertPageDto, CameraDto, LiveOptionsDto, PublishTokenDto } from '../../server/src/contracts/index.js';
import { storeTargets } from '../store/store-targets.js';
import { api, ffprobeJson, startTestVigil } from '../e2e/vigil-harness.js';
import { startWhipPublisher, type PublisherCodec } from './whip-publisher.js';

const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - { id: phone-h264, name: Phone H.264, url: 'whip://phone-h264', sample: { fps: 4, maxSide: 320 } }
  - { id: phone-vp8, name: Phone VP8, url: 'whip://phone-vp8', sample: { fps: 4, maxSide: 320 } }
  - { id: robot-cam, name: Robot camera, url: 'whip://robot-cam', sample: { fps: 4, maxSide: 320 } }
  - { id: yard, name: Yard, url: 'sim://intrusion?fps=5&size=160x90', sample: { fps: 2, maxSide: 160 } }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 30s }
ingest: { watchdog: 4s }
webrtc: { hostAddresses: ['127.0.0.1'] }
`;

// The publishers' test picture moves everywhere, so motion over the whole frame opens an alert at once.
const RULES = `rules:
  - id: any-motion
    name: Motion anywhere
    severity: high
    cameras: [phone-h264, phone-vp8]
    when: { signal: motion, minArea: 0.005, for: 500ms }
    cooldown: 0s
    clearAfter: 1s
`;

const OFFER_WITHOUT_VIDEO = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n';

describe('WHIP ingest: WebRTC publishers are cameras like any other', () => {
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  const endpoint = (cameraId: string) => `${harness.vigil.url}/api/whip/${cameraId}`;
  const camera = async (id: string) => (await api<CameraDto>(harness.vigil, `/api/cameras/${id}`)).body;
  const waitFor = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: SITE, rules: { 'site.yaml': RULES }, target: storeTargets[0]! });
  });
  afterAll(async () => {
    await harness?.dispose();
  });

  it('waits offline for a publisher', async () => {
    const status = (await camera('robot-cam')).status;
    expect(status?.state).toBe('offline');
    expect(status?.reason).toBe('waiting for a WHIP publisher');
  });

  it.each<[PublisherCodec, string]>([
    ['h264', 'phone-h264'],
    ['vp8', 'phone-vp8'],
  ])('a %s publisher goes online, a pixel rule opens an alert, and its clip plays', async (codec, cameraId) => {
    const publisher = await startWhipPublisher({ endpoint: endpoint(cameraId), token: harness.vigil.apiToken, codec });
    try {
      expect(publisher.location).toMatch(new RegExp(`/api/whip/${cameraId}/[A-Za-z0-9_-]+$`));
      expect(publisher.answerSdp).toMatch(codec === 'h264' ? /a=rtpmap:\d+ H264\/90000/i : /a=rtpmap:\d+ VP8\/90000/i);
      await waitFor(`${cameraId} online`, async () => (await camera(cameraId)).status?.state === 'online', 20_000);
      // Live view relays the published stream too (H.264 as sent; VP8 as Vigil's H.264 encode of it).
      await waitFor(
        'live video',
        async () => (await api<LiveOptionsDto>(harness.vigil, `/api/cameras/${cameraId}/live`)).body.webrtc,
        15_000,
      );

      const alert = await waitFor(
        'an alert with a clip',
        async () => {
          const page = (await api<AlertPageDto>(harness.vigil, `/api/alerts?camera=${cameraId}`)).body;
          const id = page.items[0]?.id;
          if (!id) return null;
          const detail = (await api<AlertDetailDto>(harness.vigil, `/api/alerts/${id}`)).body;
          return detail.evidence.some((e) => e.kind === 'clip') ? detail : null;
        },
        30_000,
      );
      expect(alert.ruleId).toBe('any-motion');
      const clip = await fetch(`${harness.vigil.url}/api/alerts/${alert.id}/clip.mp4`, { headers: { authorization: `Bearer ${harness.vigil.apiToken}` } });
      expect(clip.status).toBe(200);
      const path = join(harness.dir, `${cameraId}-clip.mp4`);
      await writeFile(path, Buffer.from(await clip.arrayBuffer()));
      const probe = await ffprobeJson(path);
      const video = probe.streams.find((s) => s.codec_type === 'video');
      // H.264 is stream-copied into the evidence; VP8 is encoded to H.264, which MP4 clips carry.
      expect(video?.codec_name).toBe('h264');
      expect(Number(probe.format.duration)).toBeGreaterThan(0);

      expect(await publisher.stop()).toBe(200);
      await waitFor(`${cameraId} offline`, async () => (await camera(cameraId)).status?.state === 'offline', 10_000);
      expect((await camera(cameraId)).status?.reason).toMatch(/WHIP publisher left: the publisher ended the session/);
    } finally {
      await publisher.drop();
    }
  });

  it('refuses bad offers, missing and wrong tokens, and cameras that are not WHIP cameras, naming why', async () => {
    const post = (cameraId: string, body: string, headers: Record<string, string>) =>
      fetch(endpoint(cameraId), { method: 'POST', headers: { 'content-type': 'application/sdp', ...headers }, body });
    const auth = { authorization: `Bearer ${harness.vigil.apiToken}` };

    const noToken = await post('robot-cam', 'v=0\r\n', {});
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await post('robot-cam', 'v=0\r\n', { authorization: 'Bearer nope' })).status).toBe(401);

    const notSdp = await post('robot-cam', 'hello', auth);
    expect(notSdp.status).toBe(400);
    expect(((await notSdp.json()) as { error: { message: string } }).error.message).toMatch(/not SDP/);
    const noVideo = await post('robot-cam', OFFER_WITHOUT_VIDEO, auth);
    expect(noVideo.status).toBe(400);
    expect(((await noVideo.json()) as { error: { message: string } }).error.message).toMatch(/no video section/);

    const json = await fetch(endpoint('robot-cam'), { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{}' });
    expect(json.status).toBe(415);
    expect((await post('nowhere', 'v=0\r\n', auth)).status).toBe(404);
    const rtspCamera = await post('yard', 'v=0\r\n', auth);
    expect(rtspCamera.status).toBe(409);
    expect(((await rtspCamera.json()) as { error: { message: string } }).error.message).toMatch(/only whip:\/\/ cameras take publishers/);
  });

  it('takes a publisher with its own token, which a new token replaces', async () => {
    const made = await api<PublishTokenDto>(harness.vigil, '/api/cameras/robot-cam/publish-token', { method: 'POST' });
    expect(made.status).toBe(200);
    expect(made.body.whipUrl).toBe(endpoint('robot-cam'));
    const publisher = await startWhipPublisher({ endpoint: made.body.whipUrl, token: made.body.token, codec: 'h264' });
    try {
      await waitFor('robot-cam online', async () => (await camera('robot-cam')).status?.state === 'online', 20_000);
      const renewed = await api<PublishTokenDto>(harness.vigil, '/api/cameras/robot-cam/publish-token', { method: 'POST' });
      const stale = await fetch(endpoint('robot-cam'), {
        method: 'POST',
        headers: { 'content-type': 'application/sdp', authorization: `Bearer ${made.body.token}` },
        body: 'v=0\r\n',
      });
      expect(stale.status).toBe(401);
      expect(renewed.body.token).not.toBe(made.body.token);
      expect((await api(harness.vigil, '/api/cameras/yard/publish-token', { method: 'POST' })).status).toBe(409);
    } finally {
      await publisher.stop();
    }
  });

  it('turns a camera offline when its publisher vanishes or falls silent, and keeps running', async () => {
    const vanishing = await startWhipPublisher({ endpoint: endpoint('phone-h264'), token: harness.vigil.apiToken, codec: 'h264' });
    await waitFor('online', async () => (await camera('phone-h264')).status?.state === 'online', 20_000);
    await vanishing.drop();
    await waitFor('offline after the drop', async () => (await camera('phone-h264')).status?.state === 'offline', 15_000);

    const silent = await startWhipPublisher({ endpoint: endpoint('phone-h264'), token: harness.vigil.apiToken, codec: 'h264' });
    try {
      await waitFor('online again', async () => (await camera('phone-h264')).status?.state === 'online', 20_000);
      await silent.fallSilent();
      await waitFor('offline after silence', async () => (await camera('phone-h264')).status?.state === 'offline', 20_000);
    } finally {
      await silent.drop();
    }
    const health = await fetch(`${harness.vigil.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await camera('yard')).status?.state).toBe('online');
  });
});
