import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraDto } from '../../server/src/contracts/index.js';
import { storeTargets } from '../store/store-targets.js';
import { api, connectSocket, nextEvent, startTestVigil, type VigilSocket } from './vigil-harness.js';

const SITE = `site: { name: Test plant, timezone: UTC }
cameras:
  - { id: yard-1, name: Yard 1, url: "sim://idle?size=320x180&fps=5", sample: { fps: 2, maxSide: 320 } }
rules: rules/
`;
const RULES = `rules:
  - { id: any-offline, name: Camera offline, severity: medium, cameras: "*", when: { signal: offline, for: 2s }, clearAfter: 1s }
`;

describe.each(storeTargets)('cameras through the API run for real ($name)', (target) => {
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let socket: VigilSocket;

  beforeAll(async () => {
    harness = await startTestVigil({ siteYaml: SITE, rules: { 'site.yaml': RULES }, target, env: { } });
    socket = connectSocket(harness.vigil.url);
  });
  afterAll(async () => {
    socket?.close();
    await harness?.dispose();
  });

  it('starts an added camera, serves its latest frame, and stops it when removed', async () => {
    const online = nextEvent(socket, 'camera:status', (s) => s.cameraId === 'aisle-4' && s.state === 'online', 30_000);
    const created = await api<CameraDto>(harness.vigil, '/api/cameras', {
      method: 'POST',
      body: JSON.stringify({
        id: 'aisle-4',
        name: 'Aisle 4',
        url: 'sim://idle?size=320x180&fps=5',
        sample: { fps: 2, maxSide: 256 },
        zones: [{ id: 'walkway', name: 'Walkway', polygon: [[0, 0.5], [1, 0.5], [1, 1]] }],
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.source).toBe('api');
    await online;

    const snapshot = await fetch(`${harness.vigil.url}/api/cameras/aisle-4/snapshot.jpg?token=${harness.vigil.apiToken}`);
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await snapshot.arrayBuffer());
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    const edit = await api<CameraDto>(harness.vigil, '/api/cameras/aisle-4', {
      method: 'PUT',
      body: JSON.stringify({ zones: [{ id: 'walkway', name: 'Walkway', polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }] }),
    });
    expect(edit.status).toBe(200);
    expect(edit.body.zones[0]?.polygon).toHaveLength(4);

    const readOnly = await api<{ error: { code: string } }>(harness.vigil, '/api/cameras/yard-1', { method: 'PUT', body: JSON.stringify({ name: 'X' }) });
    expect(readOnly.status).toBe(403);

    expect((await api(harness.vigil, '/api/cameras/aisle-4', { method: 'DELETE' })).status).toBe(204);
    expect((await api(harness.vigil, '/api/cameras/aisle-4')).status).toBe(404);
    expect(harness.vigil.pipeline.fleet.ingest('aisle-4')).toBeNull();
  });

  it('reports a camera that refuses as offline, raises the offline rule, and never shows its password', async () => {
    const offline = nextEvent(socket, 'camera:status', (s) => s.cameraId === 'door-2' && s.state === 'offline', 30_000);
    const alert = nextEvent(socket, 'alert:new', (a) => a.cameraId === 'door-2' && a.ruleId === 'any-offline', 30_000);
    const created = await api<CameraDto>(harness.vigil, '/api/cameras', {
      method: 'POST',
      // Port 9 (discard) on loopback: nothing listens, the connection is refused.
      body: JSON.stringify({ id: 'door-2', name: 'Door 2', url: 'rtsp://viewer:Hunter2-secret@127.0.0.1:9/stream1' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.url).not.toContain('Hunter2-secret');
    const status = await offline;
    expect(status.reason).not.toContain('Hunter2-secret');
    const opened = await alert;
    expect(opened.summary).toMatch(/offline/i);

    const list = await fetch(`${harness.vigil.url}/api/cameras`, { headers: { authorization: `Bearer ${harness.vigil.apiToken}` } });
    const metrics = await fetch(`${harness.vigil.url}/metrics`);
    const texts = [await list.text(), await metrics.text(), JSON.stringify(opened)];
    for (const text of texts) expect(text).not.toContain('Hunter2-secret');
    expect(texts[1]).toMatch(/vigil_camera_up\{camera="door-2"\} 0/);
  });
});
