import { RTCPeerConnection, useH264 } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestVigil } from '../e2e/vigil-harness.js';
import { storeTargets } from '../store/store-targets.js';

const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - { id: phone-a, name: Phone A, url: 'whip://phone-a', sample: { fps: 2, maxSide: 320 } }
  - { id: phone-b, name: Phone B, url: 'whip://phone-b', sample: { fps: 2, maxSide: 320 } }
rules: rules/
webrtc: { hostAddresses: ['127.0.0.1'] }
`;
const PASSWORD = 'correct horse battery';

/** A real publisher's offer (werift, sendonly H.264); only the HTTP exchange matters here. */
async function publisherOffer(): Promise<{ sdp: string; close: () => Promise<void> }> {
  const pc = new RTCPeerConnection({ iceServers: [], codecs: { video: [useH264()] } });
  pc.addTransceiver('video', { direction: 'sendonly' });
  await pc.setLocalDescription(await pc.createOffer());
  return { sdp: pc.localDescription!.sdp, close: () => pc.close() };
}

describe('WHIP access for people signed in to the dashboard', () => {
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let offer: Awaited<ReturnType<typeof publisherOffer>>;

  const signIn = async (username: string) => {
    const response = await fetch(`${harness.vigil.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return { cookie, csrfToken };
  };
  const publish = (cameraId: string, headers: Record<string, string>) =>
    fetch(`${harness.vigil.url}/api/whip/${cameraId}`, { method: 'POST', headers: { 'content-type': 'application/sdp', ...headers }, body: offer.sdp });

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: SITE, rules: {}, target: storeTargets[0]! });
    offer = await publisherOffer();
    for (const [username, role, cameras] of [['olga', 'operator', ['phone-a']], ['vic', 'viewer', null]] as const) {
      const made = await api(harness.vigil, '/api/users', {
        method: 'POST',
        body: JSON.stringify({ username, displayName: username, password: PASSWORD, role, cameras }),
      });
      expect(made.status).toBe(201);
    }
  });
  afterAll(async () => {
    await offer?.close();
    await harness?.dispose();
  });

  it('takes an operator session with its CSRF token, for the cameras the operator may see', async () => {
    const { cookie, csrfToken } = await signIn('olga');
    expect((await publish('phone-a', { cookie })).status).toBe(403);
    const published = await publish('phone-a', { cookie, 'x-csrf-token': csrfToken });
    expect(published.status).toBe(201);
    const location = published.headers.get('location')!;
    expect((await publish('phone-b', { cookie, 'x-csrf-token': csrfToken })).status).toBe(404);
    const ended = await fetch(`${harness.vigil.url}${location}`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(ended.status).toBe(200);
  });

  it('refuses a viewer, and nobody at all', async () => {
    const { cookie, csrfToken } = await signIn('vic');
    const refused = await publish('phone-a', { cookie, 'x-csrf-token': csrfToken });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/operator role/);
    expect((await publish('phone-a', {})).status).toBe(401);
  });
});
