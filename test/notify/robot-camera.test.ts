import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto, AlertDto, CameraDto } from '../../server/src/contracts/index.js';
import { startWhipPublisher, type WhipPublisher } from '../ingest/whip-publisher.js';
import { decodeDataUrl, startChatCompletionsPeer, type ChatCompletionsPeer } from '../reasoning/peers/chat-completions-server.js';
import { api, connectSocket, startTestVigil, type VigilSocket } from '../e2e/vigil-harness.js';
import { storeTargets } from '../store/store-targets.js';
import { FLEET_TOKEN, startSimulatedFleet, type SimulatedFleet } from './robot-fleet-peer.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';

// The robot publishes its own camera over WHIP; its observations carry no image, so Vigil checks that camera.
const site = (fleetUrl: string) => `site: { name: Test plant, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=600&duration=300&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
    location: { map: warehouse, x: 12.5, y: 40.2 }
  - { id: patrol-1-cam, name: Patrol robot 1, url: 'whip://patrol-1', sample: { fps: 2, maxSide: 320 } }
rules: rules/
model: { backend: openai, model: ${MODEL} }
webrtc: { hostAddresses: ['127.0.0.1'] }
channels:
  robot: [{ id: patrol-1, url: "${fleetUrl}", token: "${FLEET_TOKEN}", allowPrivate: true, camera: patrol-1-cam }]
`;

const RULES = `rules:
  - id: cell-9-intrusion
    name: Person in cell 9
    severity: critical
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    notify: [dashboard, robot:patrol-1]
`;

const ANSWER = JSON.stringify({
  id: 'chatcmpl-robot',
  object: 'chat.completion',
  model: MODEL,
  choices: [{
    index: 0,
    finish_reason: 'stop',
    message: { role: 'assistant', content: JSON.stringify({ hazards: [{ id: 'cell-9-intrusion', present: true, confidence: 0.9, reason: 'a worker is still in the cell' }] }) },
  }],
});

describe("a patrol robot's own camera, published over WHIP, closes the loop", () => {
  let model: ChatCompletionsPeer;
  let fleet: SimulatedFleet;
  let harness: Awaited<ReturnType<typeof startTestVigil>>;
  let robotCamera: WhipPublisher;
  let watcher: VigilSocket;
  let opened: AlertDto | null = null;

  beforeAll(async () => {
    model = await startChatCompletionsPeer({ models: [MODEL] });
    model.scenario = { kind: 'garbage', body: ANSWER };
    fleet = await startSimulatedFleet({});
    harness = await startTestVigil({ siteYaml: site(fleet.url), rules: { 'cells.yaml': RULES }, target: storeTargets[0]!, env: { COSMOS_URL: model.url } });
    robotCamera = await startWhipPublisher({ endpoint: `${harness.vigil.url}/api/whip/patrol-1-cam`, token: harness.vigil.apiToken, codec: 'h264' });
    watcher = connectSocket(harness.vigil.url);
    watcher.on('alert:new', (alert) => {
      if (alert.cameraId === 'cell-9') opened = alert;
    });
  });

  afterAll(async () => {
    watcher?.close();
    await robotCamera?.drop();
    await harness?.dispose();
    await fleet?.close();
    await model?.close();
  });

  it("checks the robot camera's current frame and verifies the alert", async () => {
    await expect
      .poll(async () => (await api<CameraDto>(harness.vigil, '/api/cameras/patrol-1-cam')).body.status?.state, { timeout: 20_000 })
      .toBe('online');
    await expect.poll(() => opened !== null, { timeout: 40_000 }).toBe(true);
    const alert = opened!;
    await expect.poll(() => fleet.missions.some((m) => m.alertId === alert.id), { timeout: 20_000 }).toBe(true);
    const mission = fleet.missions.find((m) => m.alertId === alert.id)!;
    await fleet.finished(mission.missionId);
    expect(fleet.replies.get(mission.missionId)!.find((r) => r.status === 'observation')!.body).toMatchObject({ verdict: 'pending' });

    const detail = async () => (await api<AlertDetailDto>(harness.vigil, `/api/alerts/${alert.id}`)).body;
    await expect.poll(async () => (await detail()).events.map((e) => e.action), { timeout: 20_000 }).toContain('verified');
    const after = await detail();
    const robotFrame = after.evidence.find((e) => e.kind === 'robot')!;
    const served = await fetch(`${harness.vigil.url}${robotFrame.url}`, { headers: { authorization: `Bearer ${harness.vigil.apiToken}` } });
    const jpeg = Buffer.from(await served.arrayBuffer());
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    // The model was shown that frame of the robot's camera (the publisher's 320x240 picture).
    type UserContent = { type: string; text?: string; image_url?: { url: string } }[];
    const asked = model.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => (r.body as { messages: { content: UserContent }[] }).messages[1]!.content)
      .filter((c) => c.at(-1)!.text!.includes('Is there still'));
    expect(asked.length).toBeGreaterThan(0);
    expect(decodeDataUrl(asked[0]!.find((c) => c.type === 'image_url')!.image_url!.url).bytes.length).toBeGreaterThan(0);
  });

  it("notes on the timeline when the robot's camera sends no video", async () => {
    await robotCamera.stop();
    await expect
      .poll(async () => (await api<CameraDto>(harness.vigil, '/api/cameras/patrol-1-cam')).body.status?.state, { timeout: 15_000 })
      .toBe('offline');
    const alert = opened!;
    const response = await fetch(`${harness.vigil.url}/api/robots/patrol-1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FLEET_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ missionId: 'm-late', alertId: alert.id, status: 'observation' }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ verdict: 'none' });
    const notes = (await api<AlertDetailDto>(harness.vigil, `/api/alerts/${alert.id}`)).body.events.map((e) => e.note);
    expect(notes).toContain("no frame to check: the robot's camera patrol-1-cam sends no video");
  });
});
