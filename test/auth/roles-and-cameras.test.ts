import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto, CameraDto } from '../../server/src/contracts/index.js';
import type { EvidenceInput } from '../../server/src/store/ports.js';
import { makeAlert, openAlert } from '../api/test-app.js';
import { startAuthApp, type AuthApp, type SignedIn } from './auth-harness.js';

let t: AuthApp;
let viewer: SignedIn;
let operator: SignedIn;
let admin: SignedIn;
/** A viewer limited to dock-1. */
let dockViewer: SignedIn;
const dockAlert = makeAlert({ cameraId: 'dock-1', startedAt: Date.now() - 1000 });
const yardAlert = makeAlert({ cameraId: 'yard-2', startedAt: Date.now() - 2000 });

async function evidence(alertId: string, kind: 'clip' | 'snapshot'): Promise<EvidenceInput> {
  const relative = `evidence/${alertId}/${kind === 'clip' ? 'clip.mp4' : 'snapshot.jpg'}`;
  const bytes = Buffer.from(`${kind} of ${alertId}`);
  await mkdir(join(t.dataDir, relative, '..'), { recursive: true });
  await writeFile(join(t.dataDir, relative), bytes);
  return { kind, path: relative, mime: kind === 'clip' ? 'video/mp4' : 'image/jpeg', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), startTs: null, endTs: null };
}

beforeAll(async () => {
  t = await startAuthApp();
  await t.createUser('vera', 'viewer');
  await t.createUser('otto', 'operator');
  await t.createUser('ada', 'admin');
  await t.createUser('dock-viewer', 'viewer', ['dock-1']);
  viewer = await t.signIn('vera');
  operator = await t.signIn('otto');
  admin = await t.signIn('ada');
  dockViewer = await t.signIn('dock-viewer');
  const i420 = Buffer.alloc((16 * 8 * 3) / 2, 128);
  for (const cameraId of ['dock-1', 'yard-2']) t.fleet.frames.set(cameraId, { cameraId, ts: Date.now(), width: 16, height: 8, i420 });
  await openAlert(t.store, dockAlert, [await evidence(dockAlert.id, 'snapshot'), await evidence(dockAlert.id, 'clip')]);
  await openAlert(t.store, yardAlert, [await evidence(yardAlert.id, 'snapshot'), await evidence(yardAlert.id, 'clip')]);
});
afterAll(async () => {
  await t?.close();
});

describe('roles', () => {
  it('lets a viewer read but not acknowledge (403 naming the role)', async () => {
    expect((await t.asUser(viewer, '/api/alerts')).status).toBe(200);
    const ack = await t.asUser(viewer, `/api/alerts/${dockAlert.id}/ack`, { method: 'POST', json: {} });
    expect(ack.status).toBe(403);
    expect(await ack.json()).toEqual({ error: { code: 'forbidden', message: 'this needs the operator role' } });
  });

  it('lets an operator acknowledge, named by their account whatever the body claims', async () => {
    const ack = await t.asUser(operator, `/api/alerts/${yardAlert.id}/ack`, { method: 'POST', json: { note: 'on it', actor: 'someone-else' } });
    expect(ack.status).toBe(200);
    expect((await ack.json()).events.at(-1)).toMatchObject({ action: 'acknowledged', actor: 'user:otto', note: 'on it' });
  });

  it('keeps users and cameras to admins', async () => {
    const newUser = { username: 'x-user', displayName: 'X', password: 'long enough password', role: 'viewer', cameras: null };
    const camera = { id: 'new-cam', name: 'New', url: 'rtsp://10.0.0.9/stream' };
    for (const who of [viewer, operator]) {
      expect((await t.asUser(who, '/api/users')).status).toBe(403);
      expect((await t.asUser(who, '/api/users', { method: 'POST', json: newUser })).status).toBe(403);
      expect((await t.asUser(who, '/api/cameras', { method: 'POST', json: camera })).status).toBe(403);
      expect((await t.asUser(who, '/api/cameras/dock-1/zones', { method: 'PUT', json: { zones: [] } })).status).toBe(403);
      expect((await t.asUser(who, '/api/rules/validate', { method: 'POST', json: { text: 'rules: []' } })).status).toBe(403);
    }
    expect((await t.asUser(admin, '/api/users')).status).toBe(200);
    const created = await t.asUser(admin, '/api/users', { method: 'POST', json: newUser });
    expect(created.status).toBe(201);
    expect(await created.json()).not.toHaveProperty('passwordHash');
    expect((await t.asUser(admin, '/api/cameras', { method: 'POST', json: camera })).status).toBe(201);
    expect(t.audit.entries).toContainEqual(expect.objectContaining({ action: 'user.create', actor: 'user:ada' }));
  });

  it('never lets the last enabled admin go (409), by deletion, demotion or disabling', async () => {
    const solo = await startAuthApp();
    try {
      const only = await solo.createUser('only-admin', 'admin');
      const put = (body: unknown) => solo.request(`/api/users/${only.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await solo.request(`/api/users/${only.id}`, { method: 'DELETE' })).status).toBe(409);
      expect((await put({ role: 'operator' })).status).toBe(409);
      expect((await put({ disabled: true })).status).toBe(409);
      expect((await put({ displayName: 'Still admin' })).status).toBe(200);
      await solo.createUser('second-admin', 'admin');
      expect((await put({ role: 'operator' })).status).toBe(200);
      expect(solo.audit.entries.map((e) => e.action)).toEqual(['user.create', 'user.update', 'user.create', 'user.update']);
    } finally {
      await solo.close();
    }
  });
});

describe('per-camera access', () => {
  it('lists only the cameras and alerts of the cameras a user may see', async () => {
    const cameras = (await (await t.asUser(dockViewer, '/api/cameras')).json()).items as CameraDto[];
    expect(cameras.map((c) => c.id)).toEqual(['dock-1']);
    const alerts = (await (await t.asUser(dockViewer, '/api/alerts')).json()).items as AlertDto[];
    expect(alerts.map((a) => a.id)).toEqual([dockAlert.id]);
    const filtered = await (await t.asUser(dockViewer, '/api/alerts?camera=yard-2')).json();
    expect(filtered).toEqual({ items: [], nextCursor: null });
    const everyone = (await (await t.asUser(viewer, '/api/alerts')).json()).items as AlertDto[];
    expect(everyone.map((a) => a.id)).toEqual([dockAlert.id, yardAlert.id]);
  });

  it("answers 404 for another camera's alert, evidence, deliveries, snapshot and live video", async () => {
    for (const path of [
      `/api/alerts/${yardAlert.id}`,
      `/api/alerts/${yardAlert.id}/clip.mp4`,
      `/api/alerts/${yardAlert.id}/snapshot.jpg`,
      `/api/alerts/${yardAlert.id}/deliveries`,
      '/api/cameras/yard-2',
      '/api/cameras/yard-2/snapshot.jpg',
      '/api/cameras/yard-2/live',
    ]) {
      const res = await t.asUser(dockViewer, path);
      expect(res.status, path).toBe(404);
    }
    expect((await t.asUser(dockViewer, `/api/alerts/${dockAlert.id}`)).status).toBe(200);
    expect((await t.asUser(dockViewer, '/api/cameras/dock-1/snapshot.jpg')).status).toBe(200);
    expect((await t.asUser(viewer, '/api/cameras/yard-2/snapshot.jpg')).status).toBe(200);
    const clip = await t.asUser(dockViewer, `/api/alerts/${dockAlert.id}/clip.mp4`);
    expect(clip.status).toBe(200);
    expect(await clip.text()).toBe(`clip of ${dockAlert.id}`);
  });

  it("hides another camera's alert from an operator limited to one camera (404, not 403)", async () => {
    await t.createUser('dock-operator', 'operator', ['dock-1']);
    const session = await t.signIn('dock-operator');
    const ack = await t.asUser(session, `/api/alerts/${yardAlert.id}/resolve`, { method: 'POST', json: {} });
    expect(ack.status).toBe(404);
    expect((await t.store.alerts.get(yardAlert.id))?.alert.status).toBe('acknowledged');
  });
});
