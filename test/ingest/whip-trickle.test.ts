import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraDto } from '../../server/src/contracts/index.js';
import { storeTargets } from '../store/store-targets.js';
import { api, startTestVigil } from '../e2e/vigil-harness.js';
import { startWhipPublisher } from './whip-publisher.js';

const FRAGMENT = 'application/trickle-ice-sdpfrag';

type Harness = Awaited<ReturnType<typeof startTestVigil>>;

const siteWith = (webrtc: string) => `site: { name: Test plant, timezone: UTC }
cameras:
  - { id: phone, name: Phone, url: 'whip://phone', sample: { fps: 4, maxSide: 320 } }
  - { id: gate, name: Gate, url: 'whip://gate', sample: { fps: 4, maxSide: 320 } }
rules: rules/
ingest: { watchdog: 4s }
webrtc: ${webrtc}
`;

const cameraState = async (harness: Harness, id: string) => (await api<CameraDto>(harness.vigil, `/api/cameras/${id}`)).body.status?.state;

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function errorMessage(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('WHIP trickle ICE: candidates PATCHed after the offer', () => {
  let harness: Harness;
  const endpoint = (cameraId: string) => `${harness.vigil.url}/api/whip/${cameraId}`;
  const patch = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'PATCH', headers: { authorization: `Bearer ${harness.vigil.apiToken}`, 'content-type': FRAGMENT, ...headers }, body });

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: siteWith("{ hostAddresses: ['127.0.0.1'] }"), rules: {}, target: storeTargets[0]! });
  });
  afterAll(async () => {
    await harness?.dispose();
  });

  it('takes an offer without candidates, then the candidates by PATCH, and the camera goes online', async () => {
    // The publisher ignores the answer's candidates, so the connection can only come from the PATCHed ones.
    const publisher = await startWhipPublisher({ endpoint: endpoint('phone'), token: harness.vigil.apiToken, codec: 'h264', trickle: true, ignoreAnswerCandidates: true });
    try {
      const ufrag = /^a=ice-ufrag:(\S+)$/m.exec(publisher.trickled ?? '')?.[1];
      expect(publisher.etag).toBe(`"${ufrag}"`);
      expect(publisher.trickled).toMatch(/^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/m);
      expect(publisher.trickled).toMatch(/^a=mid:\S+$/m);
      expect(publisher.links).toBeNull();
      await waitFor('phone online', async () => (await cameraState(harness, 'phone')) === 'online', 20_000);
      expect(await publisher.stop()).toBe(200);
    } finally {
      await publisher.drop();
    }
  });

  it('refuses PATCHes that do not fit the session: wrong If-Match 412, another ufrag 422, unknown session 404, wrong type 415, unknown mid 400', async () => {
    const publisher = await startWhipPublisher({ endpoint: endpoint('gate'), token: harness.vigil.apiToken, codec: 'h264', trickle: true });
    try {
      const fragment = publisher.trickled ?? '';
      const ifMatch = { 'if-match': publisher.etag };

      const stale = await patch(publisher.location, fragment, { 'if-match': '"not-this-session"' });
      expect(stale.status).toBe(412);
      expect(await errorMessage(stale)).toMatch(/If-Match "not-this-session" does not name this ICE session/);

      const restart = await patch(publisher.location, fragment.replace(/^a=ice-ufrag:\S+$/m, 'a=ice-ufrag:restart1'), ifMatch);
      expect(restart.status).toBe(422);
      expect(await errorMessage(restart)).toMatch(/ICE restarts are not supported/);

      const unknown = await patch(`${endpoint('gate')}/NoSuchSession0000`, fragment, ifMatch);
      expect(unknown.status).toBe(404);
      expect(await errorMessage(unknown)).toMatch(/WHIP session gate\/NoSuchSession0000 not found/);

      const wrongType = await patch(publisher.location, fragment, { ...ifMatch, 'content-type': 'application/sdp' });
      expect(wrongType.status).toBe(415);
      expect(await errorMessage(wrongType)).toMatch(/application\/trickle-ice-sdpfrag/);

      const unknownMid = await patch(publisher.location, fragment.replace(/^a=mid:\S+$/m, 'a=mid:7'), ifMatch);
      expect(unknownMid.status).toBe(400);
      expect(await errorMessage(unknownMid)).toMatch(/\(mid 7\) was not taken/);

      // The same candidates again, rightly addressed, are taken.
      expect((await patch(publisher.location, fragment, ifMatch)).status).toBe(204);
      expect(await publisher.stop()).toBe(200);
    } finally {
      await publisher.drop();
    }
  });
});

describe('WHIP ICE servers: vigil.yaml webrtc.iceServers are offered to publishers', () => {
  let harness: Harness;

  beforeAll(async () => {
    const webrtc = `{ iceServers: [{ urls: 'stun:stun.example.org:3478' }, { urls: 'turn:turn.example.org:3478', username: u, credential: p }], hostAddresses: ['127.0.0.1'] }`;
    harness = await startTestVigil({ siteYaml: siteWith(webrtc), rules: {}, target: storeTargets[0]! });
  });
  afterAll(async () => {
    await harness?.dispose();
  });

  it('answers with a Link header per server, and loopback ICE still connects when neither server can be reached', async () => {
    const publisher = await startWhipPublisher({ endpoint: `${harness.vigil.url}/api/whip/phone`, token: harness.vigil.apiToken, codec: 'h264' });
    try {
      // fetch joins repeated headers with ", "; each server is its own Link value.
      const links = (publisher.links ?? '').split(/,\s*(?=<)/);
      expect(links).toEqual([
        '<stun:stun.example.org:3478>; rel="ice-server"',
        '<turn:turn.example.org:3478>; rel="ice-server"; username="u"; credential="p"; credential-type="password"',
      ]);
      await waitFor('phone online', async () => (await cameraState(harness, 'phone')) === 'online', 20_000);
      expect(await publisher.stop()).toBe(200);
    } finally {
      await publisher.drop();
    }
  });
});
