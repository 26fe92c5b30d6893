import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraDto } from '../../server/src/contracts/index.js';
import { makeCamera, startTestApp, type TestApp } from './test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ configCameras: [makeCamera()] });
});
afterAll(async () => {
  await t?.close();
});

const json = (body: unknown): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const newCamera = {
  id: 'cell-3',
  name: 'Robot cell 3',
  url: 'rtsp://admin:cell-secret-9@10.0.0.9:554/main?token=abc123',
  sample: { fps: 4, maxSide: 960 },
  zones: [{ id: 'robot-cell', name: 'Robot cell', polygon: [[0.2, 0.2], [0.8, 0.2], [0.8, 0.9], [0.2, 0.9]] }],
  location: { map: 'hall-a', x: 3, y: 4 },
};

describe('camera CRUD', () => {
  it('lists config cameras with a redacted URL', async () => {
    const res = await t.request('/api/cameras');
    const body = (await res.json()) as { items: CameraDto[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: 'dock-1', source: 'config', url: 'rtsp://***@10.0.0.5:554/stream1', status: null });
    expect(JSON.stringify(body)).not.toContain('dock-pass-123');
  });

  it('creates a camera, stores it, and never echoes its credentials', async () => {
    const res = await t.request('/api/cameras', { method: 'POST', ...json(newCamera) });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/cameras/cell-3');
    const text = await res.text();
    expect(text).not.toContain('cell-secret-9');
    expect(text).not.toContain('abc123');
    const dto = JSON.parse(text) as CameraDto;
    expect(dto).toMatchObject({
      id: 'cell-3',
      source: 'api',
      url: 'rtsp://***@10.0.0.9:554/main?token=***',
      sample: { fps: 4, maxSide: 960 },
      rtspTransport: 'tcp',
      enabled: true,
      location: { map: 'hall-a', x: 3, y: 4 },
    });
    // The stored row keeps the real URL: ingest needs it.
    expect((await t.store.cameras.get('cell-3'))?.url).toBe(newCamera.url);

    const listed = (await (await t.request('/api/cameras')).json()) as { items: CameraDto[] };
    expect(listed.items.map((c) => c.id)).toEqual(['dock-1', 'cell-3']);
    const one = await t.request('/api/cameras/cell-3');
    expect(((await one.json()) as CameraDto).name).toBe('Robot cell 3');
  });

  it('answers 409 for an id already in use, in the store or in vigil.yaml', async () => {
    const again = await t.request('/api/cameras', { method: 'POST', ...json(newCamera) });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('conflict');
    const configId = await t.request('/api/cameras', { method: 'POST', ...json({ ...newCamera, id: 'dock-1' }) });
    expect(configId.status).toBe(409);
  });

  it('names the field of a polygon point outside the frame', async () => {
    const zones = [{ id: 'z', name: 'Z', polygon: [[0, 0], [1, 0], [1.2, 0.5]] }];
    const res = await t.request('/api/cameras', { method: 'POST', ...json({ ...newCamera, id: 'cam-x', zones }) });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields).toEqual([{ path: 'zones.0.polygon.2.0', message: 'must be between 0 and 1' }]);
  });

  it('names an unknown key', async () => {
    const res = await t.request('/api/cameras', { method: 'POST', ...json({ ...newCamera, id: 'cam-y', colour: 'red' }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual([{ path: 'colour', message: 'unknown field' }]);
    expect(await t.store.cameras.get('cam-y')).toBeNull();
  });

  it('refuses an unsupported URL scheme without quoting it', async () => {
    const res = await t.request('/api/cameras', { method: 'POST', ...json({ ...newCamera, id: 'cam-z', url: 'http://u:leaky-pw@cam/x' }) });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).error.fields[0].path).toBe('url');
    expect(text).not.toContain('leaky-pw');
  });

  it('updates an API camera, keeping credentials when the redacted URL comes back', async () => {
    const res = await t.request('/api/cameras/cell-3', {
      method: 'PUT',
      ...json({ name: 'Cell three', url: 'rtsp://***@10.0.0.9:554/main?token=***', enabled: false, location: null }),
    });
    expect(res.status).toBe(200);
    const dto = (await res.json()) as CameraDto;
    expect(dto).toMatchObject({ name: 'Cell three', enabled: false, location: null, sample: { fps: 4, maxSide: 960 } });
    const stored = await t.store.cameras.get('cell-3');
    expect(stored?.url).toBe(newCamera.url);
    expect(stored?.name).toBe('Cell three');
  });

  it('validates the update body too', async () => {
    const res = await t.request('/api/cameras/cell-3', { method: 'PUT', ...json({ sample: { fps: 60 } }) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('sample.fps');
  });

  it('refuses to edit or delete a config camera with 403', async () => {
    const put = await t.request('/api/cameras/dock-1', { method: 'PUT', ...json({ name: 'Renamed' }) });
    expect(put.status).toBe(403);
    expect((await put.json()).error.code).toBe('forbidden');
    const del = await t.request('/api/cameras/dock-1', { method: 'DELETE' });
    expect(del.status).toBe(403);
  });

  it('answers 404 for an unknown camera and 400 for a malformed id', async () => {
    expect((await t.request('/api/cameras/nope')).status).toBe(404);
    expect((await t.request('/api/cameras/nope', { method: 'PUT', ...json({ name: 'x' }) })).status).toBe(404);
    const bad = await t.request('/api/cameras/Not_An_Id');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields[0].path).toBe('id');
  });

  it('deletes an API camera', async () => {
    const res = await t.request('/api/cameras/cell-3', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await t.store.cameras.get('cell-3')).toBeNull();
    expect((await t.request('/api/cameras/cell-3')).status).toBe(404);
  });
});

describe('zones', () => {
  const cell = { id: 'robot-cell', name: 'Robot cell', polygon: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]] };

  it('replaces the zones of a vigil.yaml camera and keeps them in the database', async () => {
    const res = await t.request('/api/cameras/dock-1/zones', { method: 'PUT', ...json({ zones: [cell] }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as CameraDto).zones).toEqual([cell]);
    expect((await t.store.cameras.zoneOverrides()).get('dock-1')).toEqual([cell]);
    const listed = (await (await t.request('/api/cameras/dock-1')).json()) as CameraDto;
    expect(listed.zones).toEqual([cell]);
  });

  it('replaces the zones of an API camera in its own row', async () => {
    const created = await t.request('/api/cameras', { method: 'POST', ...json({ id: 'yard-4', name: 'Yard 4', url: 'rtsp://10.0.0.9/s' }) });
    expect(created.status).toBe(201);
    const res = await t.request('/api/cameras/yard-4/zones', { method: 'PUT', ...json({ zones: [cell] }) });
    expect(res.status).toBe(200);
    expect((await t.store.cameras.get('yard-4'))?.zones).toEqual([cell]);
    expect((await t.store.cameras.zoneOverrides()).has('yard-4')).toBe(false);
  });

  it('names the problem in bad zones, and 404s for an unknown camera', async () => {
    const twice = await t.request('/api/cameras/dock-1/zones', { method: 'PUT', ...json({ zones: [cell, cell] }) });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(await twice.json())).toMatch(/zones.1.id.*duplicate zone id/);
    const open = await t.request('/api/cameras/dock-1/zones', { method: 'PUT', ...json({ zones: [{ ...cell, polygon: [[0, 0], [1, 1]] }] }) });
    expect(open.status).toBe(400);
    expect(JSON.stringify(await open.json())).toMatch(/zones.0.polygon/);
    expect((await t.request('/api/cameras/nope/zones', { method: 'PUT', ...json({ zones: [] }) })).status).toBe(404);
  });
});

describe('camera status and snapshot', () => {
  it('answers 404 until the camera reports, then the status without credentials', async () => {
    expect((await t.request('/api/cameras/dock-1/status')).status).toBe(404);
    t.fleet.statuses.set('dock-1', {
      cameraId: 'dock-1',
      state: 'degraded',
      reason: 'retrying rtsp://viewer:dock-pass-123@10.0.0.5:554/stream1',
      since: Date.UTC(2025, 0, 1),
      fps: 1.5,
      restarts: 2,
      lastFrameAt: null,
    });
    const res = await t.request('/api/cameras/dock-1/status');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('dock-pass-123');
    expect(JSON.parse(text)).toMatchObject({ state: 'degraded', since: '2025-01-01T00:00:00.000Z', restarts: 2 });
  });

  it('serves the latest frame as JPEG, 404 before the first one', async () => {
    expect((await t.request('/api/cameras/dock-1/snapshot.jpg')).status).toBe(404);
    // A mid-gray 16x8 frame: Y 126, no colour.
    const i420 = new Uint8Array(16 * 8 * 1.5).fill(128).fill(126, 0, 16 * 8);
    t.fleet.frames.set('dock-1', { cameraId: 'dock-1', ts: Date.now(), width: 16, height: 8, i420 });
    const res = await t.request('/api/cameras/dock-1/snapshot.jpg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const image = sharp(Buffer.from(await res.arrayBuffer()));
    expect(await image.metadata()).toMatchObject({ format: 'jpeg', width: 16, height: 8 });
    const { channels } = await image.stats();
    for (const channel of channels) expect(channel.mean).toBeCloseTo(128, -1);
  });
});
