import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import type { AlertDto, CameraStatusDto, ClientToServerEvents, ServerToClientEvents } from '../../server/src/contracts/index.js';
import { makeAlert, openAlert, startTestApp, TEST_TOKEN, type TestApp } from './test-app.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let t: TestApp;
const clients: Client[] = [];
beforeAll(async () => {
  t = await startTestApp();
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

function connected(socket: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
}

function refused(socket: Client): Promise<Error> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected without a valid token')));
    socket.once('connect_error', (err) => resolve(err));
  });
}

async function socketGauge(): Promise<number> {
  const metric = await t.metrics.socketClients.get();
  return metric.values[0]?.value ?? 0;
}

describe('live gateway', () => {
  it('refuses clients without a token or with a wrong one', async () => {
    expect((await refused(client({}))).message).toBe('unauthorized');
    expect((await refused(client({ auth: { token: 'wrong-token' } }))).message).toBe('unauthorized');
    expect(t.live.clientCount()).toBe(0);
  });

  it('delivers alert:new and alert:updated to a client holding the token', async () => {
    const socket = client({ auth: { token: TEST_TOKEN } });
    await connected(socket);
    expect(await socketGauge()).toBe(1);

    const received = new Promise<AlertDto>((resolve) => socket.once('alert:new', resolve));
    const alert = makeAlert({ cameraId: 'dock-1', summary: 'Person at the dock edge' });
    const history = await openAlert(t.store, alert);
    t.live.alertNew(history);
    const dto = await received;
    expect(dto).toMatchObject({ id: alert.id, cameraId: 'dock-1', status: 'open', summary: 'Person at the dock edge' });
    expect(dto.startedAt).toBe(new Date(alert.startedAt).toISOString());

    // A lifecycle action through the API reaches the dashboard as alert:updated.
    const updated = new Promise<AlertDto>((resolve) => socket.once('alert:updated', resolve));
    const res = await fetch(`${t.baseUrl}/api/alerts/${alert.id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(res.status).toBe(200);
    expect((await updated).status).toBe('acknowledged');
  });

  it('accepts an Authorization header, answers hello, and pushes camera status without credentials', async () => {
    const socket = client({ extraHeaders: { authorization: `Bearer ${TEST_TOKEN}` } });
    await connected(socket);
    const reply = await socket.timeout(5000).emitWithAck('hello');
    expect(reply).toEqual({ version: '0.1.0-test' });

    const status = new Promise<CameraStatusDto>((resolve) => socket.once('camera:status', resolve));
    t.live.cameraStatus({
      cameraId: 'dock-1',
      state: 'offline',
      reason: 'cannot reach rtsp://viewer:dock-pass-123@10.0.0.5/stream1',
      since: 0,
      fps: 0,
      restarts: 4,
      lastFrameAt: null,
    });
    const dto = await status;
    expect(dto).toMatchObject({ cameraId: 'dock-1', state: 'offline', restarts: 4, since: '1970-01-01T00:00:00.000Z' });
    expect(dto.reason).not.toContain('dock-pass-123');
  });

  it('disconnects live clients when the app closes', async () => {
    const other = await startTestApp();
    const socket: Client = connect(other.baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: TEST_TOKEN } });
    clients.push(socket);
    await connected(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await other.close();
    expect(await gone).toBeTruthy();
    expect(other.live.clientCount()).toBe(0);
  });

  it('counts clients in the metrics as they leave', async () => {
    const before = t.live.clientCount();
    expect(await socketGauge()).toBe(before);
    const leaving = clients.find((c) => c.connected)!;
    leaving.disconnect();
    await expect.poll(() => t.live.clientCount(), { timeout: 5000 }).toBe(before - 1);
    expect(await socketGauge()).toBe(before - 1);
  });
});
