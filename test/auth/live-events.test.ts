import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto, ApiTokenCreatedDto, ClientToServerEvents, ServerToClientEvents } from '../../server/src/contracts/index.js';
import { makeAlert, openAlert, TEST_TOKEN } from '../api/test-app.js';
import { startAuthApp, type AuthApp } from './auth-harness.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: AuthApp;
const clients: Client[] = [];
beforeAll(async () => {
  t = await startAuthApp();
  await t.createUser('dock-viewer', 'viewer', ['dock-1']);
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await t?.close();
});

function client(options: { auth?: Record<string, unknown>; extraHeaders?: Record<string, string> }): Client {
  const socket: Client = connect(t.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
  clients.push(socket);
  return socket;
}

const connected = (socket: Client) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

const refused = (socket: Client) =>
  new Promise<Error>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', resolve);
  });

/** Everything a socket hears about alerts, in order. */
function heard(socket: Client): AlertDto[] {
  const seen: AlertDto[] = [];
  socket.on('alert:new', (alert) => seen.push(alert));
  socket.on('alert:updated', (alert) => seen.push(alert));
  return seen;
}

describe('live events by camera', () => {
  it('tells a viewer limited to dock-1 nothing about yard-2, over the session cookie', async () => {
    const session = await t.signIn('dock-viewer');
    const limited = client({ extraHeaders: { cookie: session.cookie } });
    const everything = client({ auth: { token: TEST_TOKEN } });
    await Promise.all([connected(limited), connected(everything)]);
    const limitedHeard = heard(limited);
    const allHeard = heard(everything);

    const yard = await openAlert(t.store, makeAlert({ cameraId: 'yard-2' }));
    const dock = await openAlert(t.store, makeAlert({ cameraId: 'dock-1' }));
    const statuses: string[] = [];
    limited.on('camera:status', (status) => statuses.push(status.cameraId));
    t.live.alertNew(yard);
    t.live.alertUpdated(yard);
    t.live.alertNew(dock);
    t.live.cameraStatus({ cameraId: 'yard-2', state: 'online', since: Date.now(), reason: 'streaming', fps: 2, lastFrameAt: Date.now(), restarts: 0 });
    t.live.cameraStatus({ cameraId: 'dock-1', state: 'online', since: Date.now(), reason: 'streaming', fps: 2, lastFrameAt: Date.now(), restarts: 0 });

    // The root client hears all three; by then the limited one has heard whatever it was going to.
    await expect.poll(() => allHeard.length).toBe(3);
    await expect.poll(() => statuses.length).toBe(1);
    expect(limitedHeard.map((a) => a.cameraId)).toEqual(['dock-1']);
    expect(statuses).toEqual(['dock-1']);
  });

  it('accepts stored tokens, refuses revoked ones and sessions that ended', async () => {
    const session = await t.signIn('dock-viewer');
    const created = await t.asUser(session, '/api/tokens', { method: 'POST', json: { name: 'wallboard', scopes: ['read'] } });
    const { token, secret } = (await created.json()) as ApiTokenCreatedDto;
    const wallboard = client({ auth: { token: secret } });
    await connected(wallboard);
    const wallboardHeard = heard(wallboard);
    const dropped = new Promise<void>((resolve) => wallboard.once('disconnect', () => resolve()));
    await t.asUser(session, `/api/tokens/${token.id}`, { method: 'DELETE' });
    await dropped;
    expect(wallboardHeard).toEqual([]);
    expect((await refused(client({ auth: { token: secret } }))).message).toBe('unauthorized');

    await t.asUser(session, '/api/auth/logout', { method: 'POST' });
    expect((await refused(client({ extraHeaders: { cookie: session.cookie } }))).message).toBe('unauthorized');
  });
});
