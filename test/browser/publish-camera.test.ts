import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPageDto, CameraDto } from '../../server/src/contracts/index.js';
import { startVigil, type RunningVigil } from '../../server/src/main.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { ensureWebBuild } from '../../scripts/web-build.js';
import { storeTargets } from '../store/store-targets.js';
import { api, E2E_TOKEN, ffprobeJson, prepareTestSite } from '../e2e/vigil-harness.js';
import { launchChromium, newPerson, screenshot } from './chromium.js';

// A phone-style WHIP camera, and a motion rule over its whole frame: Chromium's fake camera draws a moving
// pattern, so a low threshold fires as soon as its video reaches Vigil.
const SITE = `site: { name: Phone plant, timezone: UTC }
cameras:
  - id: phone-1
    name: Phone 1
    url: whip://phone-1
    sample: { fps: 2, maxSide: 640 }
    zones:
      - { id: whole-frame, name: Whole frame, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }
  - id: yard-1
    name: Yard 1
    url: sim://idle?fps=2&size=320x180
    sample: { fps: 1, maxSide: 320 }
rules: rules/
evidence: { preRoll: 2s, postRoll: 2s, segment: 1s, ring: 30s }
model: { backend: none }
`;
const RULES = `rules:
  - id: phone-motion
    name: Movement in front of the phone
    severity: high
    cameras: [phone-1]
    when: { signal: motion, zone: whole-frame, minArea: 0.001, for: 500ms }
    cooldown: 1m
    clearAfter: 2s
`;

/** Chromium's own test camera and an automatic "allow" for the camera prompt. */
const FAKE_CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sign-in-token').fill(E2E_TOKEN);
  await page.getByTestId('sign-in-actor').fill('Dock phone');
  await page.getByTestId('sign-in-submit').click();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
}

/** Waits until publishing settles; a failure names the page's message (the server's, verbatim, for a refused offer). */
async function settledPublishing(page: Page): Promise<void> {
  const state = page.getByTestId('publish-state');
  await page.locator('[data-testid="publish-state"]:is([data-state="publishing"], [data-state="failed"])').waitFor({ timeout: 30_000 });
  if ((await state.getAttribute('data-state')) === 'failed') {
    await screenshot(page, 'publish-failed');
    throw new Error(`publishing failed: ${await page.getByTestId('publish-error').textContent()}`);
  }
}

describe('using a browser as a WHIP camera', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof prepareTestSite>>;
  let vigil: RunningVigil;

  beforeAll(async () => {
    await ensureWebBuild();
    site = await prepareTestSite({
      siteYaml: SITE,
      rules: { 'site.yaml': RULES },
      target: storeTargets[0]!,
      env: { PORT: String(await freePort()) },
    });
    vigil = await startVigil(site.env, silentLogger());
    browser = await launchChromium(FAKE_CAMERA);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
    await site?.dispose();
  });

  it('publishes the camera, raises an alert with a playable clip, and goes offline on Stop', { timeout: 240_000 }, async () => {
    const { page, context } = await newPerson(browser);
    await context.grantPermissions(['camera'], { origin: vigil.url });
    await signIn(page, vigil.url);
    await page.getByTestId('nav-publish').click();
    await page.getByTestId('publish-page').waitFor();
    // Only WHIP cameras can be published to; the sim camera is not offered.
    expect(await page.getByTestId('publish-camera').locator('option').allTextContents()).toEqual(['Phone 1 (phone-1)']);
    await page.getByTestId('publish-camera').selectOption('phone-1');
    expect(await page.getByTestId('publish-whip-url').inputValue()).toBe(`${vigil.url}/api/whip/phone-1`);
    await screenshot(page, 'publish-01-ready');

    await page.getByTestId('publish-start').click();
    await settledPublishing(page);
    expect(await page.getByTestId('publish-preview').getAttribute('data-streaming')).toBe('true');

    const camera = async () => (await api<CameraDto>(vigil, '/api/cameras/phone-1')).body;
    await expect.poll(async () => (await camera()).status?.state, { timeout: 30_000 }).toBe('online');
    await page.locator('[data-testid="publish-camera-status"][data-state="online"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'publish-02-publishing');

    const alerts = async () => (await api<AlertPageDto>(vigil, '/api/alerts?camera=phone-1')).body.items;
    await expect.poll(async () => (await alerts()).length, { timeout: 40_000 }).toBeGreaterThan(0);
    // The clip joins the alert once its post-roll is on disk.
    await expect.poll(async () => (await alerts()).some((a) => a.evidence.some((e) => e.kind === 'clip')), { timeout: 60_000 }).toBe(true);
    const alert = (await alerts()).find((a) => a.evidence.some((e) => e.kind === 'clip'))!;
    expect(alert).toMatchObject({ cameraId: 'phone-1', ruleId: 'phone-motion' });

    const response = await fetch(`${vigil.url}/api/alerts/${alert.id}/clip.mp4`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } });
    expect(response.status).toBe(200);
    const clipPath = join(site.dir, 'phone-1-clip.mp4');
    await writeFile(clipPath, Buffer.from(await response.arrayBuffer()));
    const probe = await ffprobeJson(clipPath);
    expect(probe.streams.some((s) => s.codec_type === 'video')).toBe(true);
    expect(Number(probe.format.duration)).toBeGreaterThan(0);

    await page.getByTestId('publish-stop').click();
    await page.locator('[data-testid="publish-state"][data-state="stopped"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('publish-preview').getAttribute('data-streaming')).toBe('false');
    await expect.poll(async () => (await camera()).status?.state, { timeout: 30_000 }).toBe('offline');
    await page.locator('[data-testid="publish-camera-status"][data-state="offline"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'publish-03-stopped');
    await context.close();
  });

  it('creates a publisher token for another device, which Vigil then accepts', async () => {
    const { page, context } = await newPerson(browser);
    await signIn(page, vigil.url);
    await page.goto(`${vigil.url}/publish?camera=yard-1`);
    await page.getByTestId('publish-not-whip').waitFor();
    await page.goto(`${vigil.url}/publish?camera=phone-1`);
    await page.getByTestId('publish-token-create').click();
    // The confirm step takes focus: Enter creates the token, as a keyboard user would.
    await page.getByTestId('publish-token-confirm').waitFor();
    await page.keyboard.press('Enter');
    const token = await page.getByTestId('publish-token').inputValue({ timeout: 10_000 });
    expect(token.length).toBeGreaterThan(20);
    await screenshot(page, 'publish-04-token');

    const offer = (bearer: string) =>
      fetch(`${vigil.url}/api/whip/phone-1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/sdp' },
        body: 'v=0\r\n',
      });
    // The token gets past authentication (the offer itself is refused as malformed); a wrong one does not.
    expect((await offer(token)).status).toBe(400);
    expect((await offer(`${token}x`)).status).toBe(401);
    await context.close();
  });
});
