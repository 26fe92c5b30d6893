import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto, AlertDto, ErrorDto } from '../../server/src/contracts/index.js';
import type { Delivery } from '../../server/src/notify/channel.js';
import { decodeDataUrl, startChatCompletionsPeer, type ChatCompletionsPeer } from '../reasoning/peers/chat-completions-server.js';
import { api, connectSocket, startTestVigil, type VigilSocket } from '../e2e/vigil-harness.js';
import { storeTargets } from '../store/store-targets.js';
import { RobotChannel } from '../../server/src/notify/channels/robot-channel.adapter.js';
import type { RobotMission } from '../../server/src/notify/channels/robot-mission.js';
import { FLEET_TOKEN, startSimulatedFleet, type SimulatedFleet } from './robot-fleet-peer.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';

// A worker stays in the robot cell for minutes: the alerts stay open until a robot says otherwise.
const camera = (id: string, x: number) => `  - id: ${id}
    name: Robot ${id}
    url: sim://intrusion?period=600&duration=300&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
    location: { map: warehouse, x: ${x}, y: 40.2 }
`;

const site = (fleetUrl: string) => `site: { name: Test plant, timezone: UTC }
cameras:
${camera('cell-9', 12.5)}${camera('cell-10', 30)}rules: rules/
model: { backend: openai, model: ${MODEL} }
channels:
  robot: [{ id: patrol-1, url: "${fleetUrl}", token: "${FLEET_TOKEN}", allowPrivate: true }]
`;

const rule = (cameraId: string) => `  - id: ${cameraId}-intrusion
    name: Person in ${cameraId}
    severity: critical
    cameras: [${cameraId}]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    notify: [dashboard, robot:patrol-1]
`;
const RULES = `rules:\n${rule('cell-9')}${rule('cell-10')}`;

/** The model's answer on a robot's frame, as a chat completion: the worker is still in cell 9, cell 10 is empty. */
const ANSWER = JSON.stringify({
  id: 'chatcmpl-robot',
  object: 'chat.completion',
  model: MODEL,
  choices: [{
    index: 0,
    finish_reason: 'stop',
    message: {
      role: 'assistant',
      content: JSON.stringify({ hazards: [
        { id: 'cell-9-intrusion', present: true, confidence: 0.9, reason: 'a worker stands inside the robot cell' },
        { id: 'cell-10-intrusion', present: false, confidence: 0.9, reason: 'the robot cell is empty' },
      ] }),
    },
  }],
});

describe('patrol robot closes the loop on an alert', () => {
  let model: ChatCompletionsPeer;
  let fleet: SimulatedFleet;
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let watcher: VigilSocket;
  let frame: Buffer;
  const opened = new Map<string, AlertDto>();

  beforeAll(async () => {
    frame = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 90, g: 110, b: 130 } } }).jpeg().toBuffer();
    model = await startChatCompletionsPeer({ models: [MODEL] });
    model.scenario = { kind: 'garbage', body: ANSWER };
    fleet = await startSimulatedFleet({ frame });
    harness = await startTestVigil({ siteYaml: site(fleet.url), rules: { 'cells.yaml': RULES }, target: storeTargets[0]!, env: { COSMOS_URL: model.url } });
    watcher = connectSocket(harness.vigil.url);
    watcher.on('alert:new', (alert) => opened.set(alert.cameraId, alert));
    const deadline = Date.now() + 40_000;
    while (opened.size < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  });

  afterAll(async () => {
    watcher?.close();
    await harness?.dispose();
    await fleet?.close();
    await model?.close();
  });

  /** The mission the outbox dispatcher sent for the alert, once the robot has walked it through. */
  async function missionFor(alert: AlertDto): Promise<RobotMission> {
    await expect.poll(() => fleet.missions.some((m) => m.alertId === alert.id), { timeout: 20_000 }).toBe(true);
    const mission = fleet.missions.find((m) => m.alertId === alert.id)!;
    await fleet.finished(mission.missionId);
    return mission;
  }

  async function detail(alertId: string): Promise<AlertDetailDto> {
    return (await api<AlertDetailDto>(harness.vigil, `/api/alerts/${alertId}`)).body;
  }

  it('opened both alerts', () => {
    expect([...opened.keys()].sort()).toEqual(['cell-10', 'cell-9']);
  });

  it('sends the robot to the camera, and a frame showing the worker still there verifies the alert', async () => {
    const alert = opened.get('cell-9')!;
    const mission = await missionFor(alert);
    const { missionId } = mission;
    expect(mission).toMatchObject({
      alertId: alert.id,
      kind: 'inspect',
      location: { cameraId: 'cell-9', map: 'warehouse', x: 12.5, y: 40.2 },
      hazard: 'cell-9-intrusion',
      severity: 'critical',
      callback: expect.stringMatching(/^http:\/\/[^/]+\/api\/robots\/patrol-1\/events$/),
    });
    // The evidence links open with the fleet's own token.
    const snapshot = await fetch(mission.evidence.snapshot, { headers: { authorization: `Bearer ${FLEET_TOKEN}` } });
    expect(snapshot.status).toBe(200);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    expect((await fetch(mission.evidence.snapshot)).status).toBe(401);

    expect(fleet.replies.get(missionId)!.map((r) => [r.status, r.code])).toEqual([
      ['accepted', 202], ['en_route', 202], ['arrived', 202], ['observation', 202], ['completed', 202],
    ]);
    expect(fleet.replies.get(missionId)![3]!.body).toMatchObject({ verdict: 'pending' });

    await expect.poll(async () => (await detail(alert.id)).events.map((e) => e.action), { timeout: 20_000 }).toContain('verified');
    const after = await detail(alert.id);
    expect(after.status).toBe('open');
    const robotNotes = after.events.filter((e) => e.action === 'robot').map((e) => e.note);
    expect(robotNotes).toEqual(expect.arrayContaining([
      `mission accepted (mission ${missionId}): patrol-1 assigned`,
      `on the way (mission ${missionId})`,
      `arrived at the location (mission ${missionId}): at warehouse (12.5, 40.2)`,
      `mission completed (mission ${missionId})`,
    ]));
    const verified = after.events.find((e) => e.action === 'verified')!;
    expect(verified).toMatchObject({ actor: 'robot:patrol-1', toStatus: 'open' });
    expect(verified.note).toMatch(/^still there per robot: a worker stands inside the robot cell/);

    // The robot's frame is evidence on the alert, byte for byte, and it is what the model was shown.
    const robotFrame = after.evidence.find((e) => e.kind === 'robot')!;
    expect(robotFrame.url).toBe(`/api/alerts/${alert.id}/robot/${robotFrame.id}.jpg`);
    const served = await fetch(`${harness.vigil.url}${robotFrame.url}`, { headers: { authorization: `Bearer ${harness.vigil.apiToken}` } });
    expect(Buffer.from(await served.arrayBuffer()).equals(frame)).toBe(true);
    type UserContent = { type: string; text?: string; image_url?: { url: string } }[];
    const asked = model.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => (r.body as { messages: { content: UserContent }[] }).messages[1]!.content)
      .filter((c) => c.at(-1)!.text!.includes('cell-9-intrusion'));
    expect(asked).toHaveLength(1);
    const content = asked[0]!;
    const sent = decodeDataUrl(content.find((c) => c.type === 'image_url')!.image_url!.url);
    const size = await sharp(sent.bytes).metadata();
    expect([size.width! % 32, size.height! % 32]).toEqual([0, 0]);
    expect(content.at(-1)!.text).toContain('Is there still: Person in cell-9?');

    // The same mission again (a retried outbox row) is no new mission: the fleet's 409 counts as delivered.
    const channel = new RobotChannel({ id: 'patrol-1', url: fleet.url, token: FLEET_TOKEN, allowPrivate: true, publicUrl: () => harness.vigil.url, location: () => null });
    const retry: Delivery = { id: missionId, alertId: alert.id, channel: channel.id, event: 'alert.opened', payload: { type: 'alert.opened', alert }, attempt: 2, createdAt: Date.now() };
    expect(await channel.deliver(retry, new AbortController().signal)).toEqual({ ok: true, detail: expect.stringContaining('409') });
    expect(fleet.missions.filter((m) => m.missionId === missionId)).toHaveLength(1);
  });

  it('a frame showing the cell empty resolves the alert on the robot\'s word', async () => {
    const alert = opened.get('cell-10')!;
    await missionFor(alert);
    await expect.poll(async () => (await detail(alert.id)).status, { timeout: 20_000 }).toBe('resolved');
    const after = await detail(alert.id);
    expect(after.evidence.some((e) => e.kind === 'robot')).toBe(true);
    const resolution = after.events.find((e) => e.action === 'resolved')!;
    expect(resolution).toMatchObject({ actor: 'robot:patrol-1', fromStatus: 'open', toStatus: 'resolved' });
    expect(resolution.note).toMatch(/^cleared by robot: no longer there: the robot cell is empty/);
  });

  it('takes reports only from a known robot with its own token, and names the bad field', async () => {
    const alert = opened.get('cell-9')!;
    const post = (robot: string, token: string, body: unknown) =>
      fetch(`${harness.vigil.url}/api/robots/${robot}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const good = { missionId: 'm-1', alertId: alert.id, status: 'arrived' };
    expect((await post('patrol-1', 'wrong-token', good)).status).toBe(401);
    expect((await post('patrol-1', harness.vigil.apiToken, good)).status).toBe(401);
    expect((await post('patrol-9', FLEET_TOKEN, good)).status).toBe(404);
    const bad = await post('patrol-1', FLEET_TOKEN, { ...good, status: 'teleported' });
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as ErrorDto;
    expect(error.error.fields?.[0]?.path).toBe('status');
    const notJpeg = await post('patrol-1', FLEET_TOKEN, { ...good, status: 'observation', image: Buffer.from('hello').toString('base64') });
    expect(notJpeg.status).toBe(400);
    expect(((await notJpeg.json()) as ErrorDto).error.fields?.[0]?.path).toBe('image');
    expect((await post('patrol-1', FLEET_TOKEN, { ...good, alertId: randomUUID() })).status).toBe(404);
  });
});
