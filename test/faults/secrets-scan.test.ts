import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { closedPort, waitFor } from '../ingest/helpers.js';
import { killHard, makeSmallClip, publishClip, sleep } from './fault-helpers.js';
import { killAllVigils, startVigilProcess } from './vigil-process.js';

const SECRETS = {
  apiToken: `vigil-api-${randomBytes(12).toString('hex')}`,
  relayCamPassword: 'S3cretCam-Relay9',
  downCamPassword: 'S3cretCam-Down7',
  downCamQueryToken: 'S3cretQueryTok42',
  apiCamPassword: 'ApiCamPa55-word',
  smtpPassword: 'SmtpPa55-w0rd',
  webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
  robotToken: 'FleetT0ken-xyz123',
  userPassword: 'Us3r-Passw0rd-Long!',
};

/** Every form a secret could leak in: as is, URL-encoded, base64 and base64url, and inside Basic credentials. */
function formsOf(secret: string, user?: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]);
  if (user) forms.add(Buffer.from(`${user}:${secret}`).toString('base64'));
  // base64 of a longer text does not contain base64 of a part at every alignment; the raw form is what matters there.
  return [...forms].filter((form) => form.length >= 8);
}

interface Recorded {
  path: string;
  headers: Record<string, unknown>;
}
async function startReceiver(): Promise<{ url: string; received: Recorded[]; server: Server }> {
  const received: Recorded[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"mission-1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

let dir = '';
let relay: RtspRelay | null = null;
let publisher: ChildProcess | null = null;
let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
afterAll(async () => {
  await killAllVigils();
  if (publisher) await killHard(publisher);
  await relay?.close();
  receiver?.server.closeAllConnections();
  receiver?.server.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('secrets under debug logging', () => {
  it('appear in no log line, metric, API reply or socket event, in any encoding', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-fault-secrets-'));
    await mkdir(join(dir, 'rules'));
    relay = await startRtspRelay();
    const clip = join(dir, 'clip.mp4');
    await makeSmallClip(clip, { size: '160x120', fps: 10, gop: 5 });
    publisher = publishClip(clip, relay.url('cam'));
    await relay.waitForMount('cam', 10_000);
    receiver = await startReceiver();
    const down = await closedPort();
    const relayUrl = new URL(relay.url('cam'));
    await writeFile(
      join(dir, 'vigil.yaml'),
      `site: { name: Secrets test, timezone: UTC }
cameras:
  - { id: dock-1, name: Dock, url: "rtsp://viewer:\${DOCK_PASSWORD}@127.0.0.1:${relayUrl.port}/cam", sample: { fps: 2, maxSide: 160 } }
  - { id: down-1, name: Down, url: "rtsp://admin:\${DOWN_PASSWORD}@127.0.0.1:${down}/stream?token=\${DOWN_TOKEN}", sample: { fps: 2, maxSide: 160 } }
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=3&duration=1&fps=5&size=160x90
    sample: { fps: 4, maxSide: 160 }
    zones: [{ id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }]
    location: { map: plant, x: 1, y: 2 }
  - { id: gate-phone, name: Gate phone, url: "whip://gate-phone" }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 10s }
ingest: { watchdog: 3s }
channels:
  email: [{ id: ehs, smtp: "smtp://vigil:\${SMTP_PASSWORD}@127.0.0.1:${down}", from: vigil@plant.example, to: [ehs@plant.example] }]
  webhook: [{ id: ops, url: "${receiver.url}/hook", secret: "\${OPS_SECRET}", allowPrivate: true }]
  robot: [{ id: patrol-1, url: "${receiver.url}/robot", token: "\${FLEET_TOKEN}", allowPrivate: true }]
`,
    );
    await writeFile(
      join(dir, 'rules', 'cell.yaml'),
      `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 250ms }
    cooldown: 0s
    clearAfter: 500ms
    notify: [dashboard, email:ehs, webhook:ops, robot:patrol-1]
`,
    );
    const vigil = await startVigilProcess({
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(dir, 'data'), VIGIL_CONFIG: join(dir, 'vigil.yaml'),
      VIGIL_API_TOKEN: SECRETS.apiToken, LOG_LEVEL: 'debug', DOCK_PASSWORD: SECRETS.relayCamPassword, DOWN_PASSWORD: SECRETS.downCamPassword,
      DOWN_TOKEN: SECRETS.downCamQueryToken, SMTP_PASSWORD: SECRETS.smtpPassword, OPS_SECRET: SECRETS.webhookSecret, FLEET_TOKEN: SECRETS.robotToken,
    });

    const replies: string[] = [];
    const events: string[] = [];
    const socket = io(vigil.url, { auth: { token: SECRETS.apiToken }, transports: ['websocket'], reconnection: false });
    socket.onAny((event: string, ...args: unknown[]) => events.push(`${event} ${JSON.stringify(args)}`));
    const call = async (path: string, init: RequestInit = {}, keep = true): Promise<{ status: number; text: string; headers: Headers }> => {
      const response = await fetch(`${vigil.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${SECRETS.apiToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
      });
      const text = await response.text();
      // What Vigil sent back, not what the test asked (a request may carry a secret on purpose).
      if (keep) replies.push(`${init.method ?? 'GET'} ${path.split('?')[0]} ${response.status} ${JSON.stringify([...response.headers])} ${text}`);
      return { status: response.status, text, headers: response.headers };
    };

    // A camera with credentials added through the API, and a user with a password who signs in.
    expect((await call('/api/cameras', { method: 'POST', body: JSON.stringify({ id: 'api-cam', name: 'API cam', url: `rtsp://ops:${SECRETS.apiCamPassword}@127.0.0.1:${down}/x`, sample: { fps: 1, maxSide: 160 } }) })).status).toBe(201);
    expect((await call('/api/users', { method: 'POST', body: JSON.stringify({ username: 'ops-lead', displayName: 'Ops Lead', password: SECRETS.userPassword, role: 'operator', cameras: null }) })).status).toBe(201);
    const login = await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'ops-lead', password: SECRETS.userPassword }), headers: { authorization: '' } });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    await call('/api/auth/me', { headers: { authorization: '', cookie } });
    await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'ops-lead', password: `${SECRETS.userPassword}x` }), headers: { authorization: '' } });

    // A WHIP publisher token: shown once in its own reply (not scanned), then used and misused.
    const issued = await call('/api/cameras/gate-phone/publish-token', { method: 'POST' }, false);
    expect(issued.status, issued.text).toBe(200);
    const publisherToken = (JSON.parse(issued.text) as { token: string }).token;
    expect(publisherToken.length).toBeGreaterThanOrEqual(16);
    await call('/api/whip/gate-phone', { method: 'POST', body: 'v=0\r\nnot an offer', headers: { authorization: `Bearer ${publisherToken}`, 'content-type': 'application/sdp' } });
    await call(`/api/whip/gate-phone?token=${publisherToken}`, { method: 'POST', body: 'v=0', headers: { authorization: `Bearer ${publisherToken}x`, 'content-type': 'application/sdp' } });

    // Let it work: alerts with deliveries to every channel, the relay camera online, the down cameras retrying.
    await waitFor('webhook and robot deliveries', () => {
      const paths = receiver!.received.map((r) => r.path);
      return paths.some((p) => p.startsWith('/hook')) && paths.some((p) => p.startsWith('/robot'));
    }, 60_000);
    await waitFor('an email attempt logged', () => /email|smtp/i.test(vigil.output()) && vigil.output().includes('ECONNREFUSED'), 30_000).catch(() => undefined);
    await sleep(2000);
    const camerasReply = JSON.parse((await call('/api/cameras')).text) as { items?: Array<{ id: string }> } | Array<{ id: string }>;
    const cameraIds = (Array.isArray(camerasReply) ? camerasReply : (camerasReply.items ?? [])).map((c) => c.id);
    expect(cameraIds).toEqual(expect.arrayContaining(['dock-1', 'down-1', 'cell-9', 'gate-phone', 'api-cam']));
    for (const id of cameraIds) {
      await call(`/api/cameras/${id}`);
      await call(`/api/cameras/${id}/status`);
    }
    await call('/api/cameras/api-cam', { method: 'PUT', body: JSON.stringify({ name: 'API cam 2' }) });
    const alerts = JSON.parse((await call('/api/alerts')).text) as { items: Array<{ id: string }> };
    expect(alerts.items.length).toBeGreaterThan(0);
    for (const alert of alerts.items.slice(0, 5)) {
      await call(`/api/alerts/${alert.id}`);
      await call(`/api/alerts/${alert.id}/deliveries`);
    }
    for (const path of ['/api/system', '/api/reasoning', '/api/rules', '/api/users', '/api/tokens', '/healthz', '/metrics']) await call(path);
    socket.close();
    await vigil.kill('SIGTERM');

    const sources: Record<string, string> = { logs: vigil.output(), replies: replies.join('\n'), events: events.join('\n') };
    const secrets: Record<string, string[]> = {
      ...Object.fromEntries(Object.entries(SECRETS).map(([name, value]) => [name, formsOf(value)])),
      publisherToken: formsOf(publisherToken),
      relayCamCredentials: formsOf(SECRETS.relayCamPassword, 'viewer'),
      downCamCredentials: formsOf(SECRETS.downCamPassword, 'admin'),
      smtpCredentials: formsOf(SECRETS.smtpPassword, 'vigil'),
      webhookKey: formsOf(SECRETS.webhookSecret.slice('whsec_'.length)),
    };
    const leaks: string[] = [];
    for (const [source, text] of Object.entries(sources)) {
      for (const [name, forms] of Object.entries(secrets)) {
        for (const form of forms) {
          const at = text.indexOf(form);
          if (at >= 0) leaks.push(`${name} in ${source}: …${text.slice(Math.max(0, at - 160), at + form.length + 40)}…`);
        }
      }
    }
    const logLines = sources.logs!.split('\n').filter(Boolean).length;
    console.info(
      `secrets scan: ${Object.keys(secrets).length} secrets x their encodings over ${logLines} log lines, ${replies.length} API replies, ` +
        `${events.length} socket events; leaks ${leaks.length}`,
    );
    expect(leaks).toEqual([]);
    // The robot got its token and the webhook its signature: the secrets were in use, not absent.
    expect(receiver.received.some((r) => r.path.startsWith('/robot') && String(r.headers.authorization).includes(SECRETS.robotToken))).toBe(true);
    expect(receiver.received.some((r) => r.path.startsWith('/hook') && typeof r.headers['webhook-signature'] === 'string')).toBe(true);
    expect(logLines).toBeGreaterThan(50);
    // The failing camera was logged while it retried: its errors were scanned too.
    expect(sources.logs).toMatch(/"camera":"down-1".*connection refused/);
  }, 150_000);
});
