import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPageDto, CameraDto } from '../../server/src/contracts/index.js';
import { startVigil, type RunningVigil } from '../../server/src/main.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { ensureWebBuild } from '../../scripts/web-build.js';
import { startChatCompletionsPeer, type ChatCompletionsPeer } from '../reasoning/peers/chat-completions-server.js';
import { storeTargets } from '../store/store-targets.js';
import { api, E2E_TOKEN, prepareTestSite } from '../e2e/vigil-harness.js';
import { launchChromium, newPerson, screenshot } from './chromium.js';

// One camera: a worker walks into the robot cell every 15 s (a motion rule), and a model server that always
// sees a worker without a hard hat (a hazard rule with boxes).
const SITE = `site: { name: Browser plant, timezone: UTC }
cameras:
  - id: cell-5
    name: Robot cell 5
    url: sim://intrusion?period=15&duration=6&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
windows: { length: 2s, stride: 1s, maxFrames: 4 }
evidence: { preRoll: 2s, postRoll: 2s, segment: 1s, ring: 30s }
model: { backend: none, heartbeat: 10s }
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: [cell-5]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    clearAfter: 1s
  - id: no-hard-hat
    name: No hard hat
    severity: high
    cameras: [cell-5]
    when: { hazard: no_hard_hat, ask: "Is anyone without a hard hat?", minConfidence: 0.6 }
    cooldown: 10m
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Video frames the page's WebRTC connections have decoded, from their inbound-rtp stats. */
async function framesDecoded(): Promise<number> {
  let frames = 0;
  for (const peer of (window as unknown as { __peers: RTCPeerConnection[] }).__peers ?? []) {
    (await peer.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
    });
  }
  return frames;
}

async function signIn(page: Page, url: string, actor: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sign-in-token').fill(E2E_TOKEN);
  await page.getByTestId('sign-in-actor').fill(actor);
  await page.getByTestId('sign-in-submit').click();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
}

describe('the dashboard in Chromium', () => {
  let browser: Browser;
  let peer: ChatCompletionsPeer;
  let site: Awaited<ReturnType<typeof prepareTestSite>>;
  let vigil: RunningVigil;

  beforeAll(async () => {
    await ensureWebBuild();
    peer = await startChatCompletionsPeer({ models: ['nvidia/Cosmos-Reason2-2B'] });
    site = await prepareTestSite({
      siteYaml: SITE,
      rules: { 'site.yaml': RULES },
      target: storeTargets[0]!,
      env: { PORT: String(await freePort()), COSMOS_URL: peer.url },
    });
    vigil = await startVigil(site.env, silentLogger());
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
    await peer?.close();
    await site?.dispose();
  });

  it('refuses a wrong token, then signs in and shows a new alert without a reload', async () => {
    const { page } = await newPerson(browser);
    await page.goto(vigil.url);
    await screenshot(page, '01-sign-in');
    await page.getByTestId('sign-in-token').fill('not-the-token-at-all');
    await page.getByTestId('sign-in-actor').fill('Shift lead');
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('sign-in-error').textContent(), { timeout: 10_000 }).toBeTruthy();

    await signIn(page, vigil.url, 'Shift lead');
    const before = await page.getByTestId('alert-item').count();
    // The scripted worker walks in within 15 s; the feed grows while the page stays as it is.
    await expect.poll(() => page.locator('[data-testid="alert-item"][data-severity="critical"]').count(), { timeout: 40_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('alert-item').count()).toBeGreaterThan(before);
    await screenshot(page, '02-alert-feed');
    await page.context().close();
  });

  it('plays the clip, draws the model\'s boxes, and shares an acknowledgement with a second dashboard', async () => {
    const alerts = async (rule: string) => (await api<AlertPageDto>(vigil, `/api/alerts?rule=${rule}`)).body.items;
    await expect.poll(async () => (await alerts('cell-intrusion')).some((a) => a.evidence.some((e) => e.kind === 'clip')), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => (await alerts('no-hard-hat')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const intrusion = (await alerts('cell-intrusion')).find((a) => a.evidence.some((e) => e.kind === 'clip'))!;
    const hazard = (await alerts('no-hard-hat'))[0]!;

    const lead = await newPerson(browser);
    await signIn(lead.page, vigil.url, 'Shift lead');
    await lead.page.goto(`${vigil.url}/alerts/${intrusion.id}`);
    const clip = lead.page.getByTestId('alert-clip');
    await clip.waitFor({ timeout: 15_000 });
    await clip.evaluate((video: HTMLVideoElement) => {
      video.muted = true;
      return video.play();
    });
    await expect.poll(() => clip.evaluate((video: HTMLVideoElement) => video.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
    await screenshot(lead.page, '03-alert-detail-clip');

    await lead.page.goto(`${vigil.url}/alerts/${hazard.id}`);
    await expect.poll(() => lead.page.getByTestId('box').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await lead.page.getByTestId('alert-reasoning').textContent()).toMatch(/hard hat/i);
    await screenshot(lead.page, '04-alert-detail-boxes');

    const colleague = await newPerson(browser);
    await signIn(colleague.page, vigil.url, 'EHS officer');
    await colleague.page.goto(`${vigil.url}/alerts/${hazard.id}`);
    await colleague.page.getByTestId('alert-detail').waitFor();
    await lead.page.getByTestId('action-note').fill('on my way');
    await lead.page.getByTestId('action-ack').click();
    await colleague.page.locator('[data-testid="alert-detail"][data-status="acknowledged"]').waitFor({ timeout: 5000 });
    expect(await colleague.page.getByTestId('alert-timeline').textContent()).toMatch(/on my way/);
    await screenshot(colleague.page, '05-acknowledged-elsewhere');
    await lead.context.close();
    await colleague.context.close();
  });

  it('shows live video, the camera grid, the rules and the system pages', async () => {
    const { page, context } = await newPerson(browser, { width: 1920, height: 1080 });
    // Keep hold of the page's peer connections so the test can read their stats.
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const seen: RTCPeerConnection[] = [];
      (window as unknown as { __peers: RTCPeerConnection[] }).__peers = seen;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          seen.push(this);
        }
      } as typeof RTCPeerConnection;
    });
    await signIn(page, vigil.url, 'Wall display');
    await page.getByTestId('nav-cameras').click();
    await page.locator('[data-testid="camera-tile"][data-camera-id="cell-5"]').waitFor();
    // Live video over WebRTC: the camera's H.264 relayed, decoded by the browser (its own stats say so).
    await page.locator('video[data-camera-id="cell-5"][data-live="webrtc"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(framesDecoded), { timeout: 20_000 }).toBeGreaterThan(10);
    await screenshot(page, '06-cameras');
    await page.getByTestId('nav-rules').click();
    await page.locator('[data-testid="rule-row"][data-rule-id="no-hard-hat"]').waitFor();
    await screenshot(page, '07-rules');
    await page.getByTestId('nav-system').click();
    await page.locator('[data-testid="system-reasoner"][data-state="ok"]').waitFor({ timeout: 15_000 });
    await screenshot(page, '08-system');
    await page.goto(`${vigil.url}/?wall=1`);
    await page.getByTestId('alert-feed').waitFor();
    await screenshot(page, '09-wall-mode');
    await context.close();
  });

  it('keeps a zone drawn on the dashboard across a restart', { timeout: 120_000 }, async () => {
    const { page, context } = await newPerson(browser);
    await signIn(page, vigil.url, 'Engineer');
    await page.goto(`${vigil.url}/cameras/cell-5/zones`);
    const editor = page.getByTestId('zone-editor');
    await editor.waitFor();
    // The editor takes the size of the camera's picture: wait for it, or clicks land where the editor was.
    await expect
      .poll(() => page.locator('img[alt="Latest frame of the camera"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 20_000 })
      .toBe(true);
    await page.getByTestId('zone-add').click();
    const box = (await editor.boundingBox())!;
    for (const [x, y] of [[0.1, 0.1], [0.4, 0.1], [0.4, 0.4], [0.1, 0.4]] as const) {
      await page.mouse.click(box.x + x * box.width, box.y + y * box.height);
    }
    await page.getByTestId('zone-close').click();
    await page.getByTestId('zone-id').fill('walkway');
    await page.getByTestId('zone-name').fill('Walkway');
    await page.getByTestId('zones-save').click();
    await expect.poll(() => page.getByTestId('zones-message').textContent(), { timeout: 10_000 }).toMatch(/saved/i);
    await screenshot(page, '10-zones');

    await vigil.stop();
    vigil = await startVigil(site.env, silentLogger());
    const camera = await api<CameraDto>(vigil, '/api/cameras/cell-5');
    const walkway = camera.body.zones.find((z) => z.id === 'walkway');
    expect(walkway?.name).toBe('Walkway');
    expect(walkway?.polygon[0]![0]).toBeCloseTo(0.1, 1);
    await page.reload();
    await page.locator('[data-testid="zone-entry"][data-zone-id="walkway"]').waitFor({ timeout: 15_000 });
    await context.close();
  });
});
