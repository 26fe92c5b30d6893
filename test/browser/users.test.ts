import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertPageDto, CameraListDto } from '../../server/src/contracts/index.js';
import { startVigil, type RunningVigil } from '../../server/src/main.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { ensureWebBuild } from '../../scripts/web-build.js';
import { storeTargets } from '../store/store-targets.js';
import { api, prepareTestSite } from '../e2e/vigil-harness.js';
import { launchChromium, newPerson, screenshot } from './chromium.js';

// Two cameras, each with a worker walking into its robot cell every 12 s: a viewer limited to one of them must
// see that one's alerts and nothing of the other.
const SITE = `site: { name: Access plant, timezone: UTC }
cameras:
  - id: gate-1
    name: Gate 1
    url: sim://intrusion?period=12&duration=5&fps=5&size=320x180
    sample: { fps: 2, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
  - id: yard-2
    name: Yard 2
    url: sim://intrusion?period=12&duration=5&fps=5&size=320x180
    sample: { fps: 2, maxSide: 320 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
windows: { length: 2s, stride: 1s, maxFrames: 4 }
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 20s }
model: { backend: none, heartbeat: 10s }
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: critical
    cameras: "*"
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 500ms }
    cooldown: 0s
    clearAfter: 1s
`;

const ADMIN = { username: 'chief', password: 'chief-password-1' };
const VIEWER = { username: 'gate.viewer', displayName: 'Gate viewer', password: 'viewer-password-1' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function signInWithPassword(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-password-submit').click();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor({ timeout: 15_000 });
}

const tileIds = (page: Page): Promise<string[]> =>
  page.locator('[data-testid="camera-tile"]').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-camera-id') ?? ''));

describe('users, roles and API tokens in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof prepareTestSite>>;
  let vigil: RunningVigil;

  beforeAll(async () => {
    await ensureWebBuild();
    site = await prepareTestSite({
      siteYaml: SITE,
      rules: { 'site.yaml': RULES },
      target: storeTargets[0]!,
      env: { PORT: String(await freePort()), VIGIL_ADMIN_USERNAME: ADMIN.username, VIGIL_ADMIN_PASSWORD: ADMIN.password },
    });
    vigil = await startVigil(site.env, silentLogger());
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await vigil?.stop();
    await site?.dispose();
  });

  it('an admin creates a viewer for one camera, who sees only it, cannot respond, and makes a working API token', { timeout: 150_000 }, async () => {
    // The admin signs in with the password given at start, and refuses nothing on the way.
    const admin = await newPerson(browser);
    await admin.page.goto(vigil.url);
    await admin.page.getByTestId('sign-in-password').fill('not-the-password');
    await admin.page.getByTestId('sign-in-username').fill(ADMIN.username);
    await admin.page.getByTestId('sign-in-password-submit').click();
    await expect.poll(() => admin.page.getByTestId('sign-in-password-error').textContent(), { timeout: 10_000 }).toBeTruthy();
    await screenshot(admin.page, 'users-01-sign-in');
    await signInWithPassword(admin.page, vigil.url, ADMIN.username, ADMIN.password);
    expect(await admin.page.getByTestId('signed-in-as').getAttribute('data-role')).toBe('admin');

    await admin.page.getByTestId('nav-users').click();
    await admin.page.locator('[data-testid="user-row"][data-username="chief"]').waitFor();
    await admin.page.getByTestId('user-new').click();
    await admin.page.getByTestId('user-username').fill(VIEWER.username);
    await admin.page.getByTestId('user-display-name').fill(VIEWER.displayName);
    await admin.page.getByTestId('user-password').fill(VIEWER.password);
    await admin.page.getByTestId('user-role').selectOption('viewer');
    await admin.page.getByTestId('user-cameras-some').check();
    await admin.page.locator('[data-testid="user-camera"][data-camera-id="gate-1"]').check();
    await screenshot(admin.page, 'users-02-new-viewer');
    await admin.page.getByTestId('user-save').click();
    const row = admin.page.locator(`[data-testid="user-row"][data-username="${VIEWER.username}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-role')).toBe('viewer');
    expect(await row.textContent()).toContain('gate-1');
    await screenshot(admin.page, 'users-03-users');

    // The last admin cannot be removed: the server's reason shows as it is.
    await admin.page.locator('[data-testid="user-row"][data-username="chief"] [data-testid="user-delete"]').click();
    await admin.page.getByTestId('user-delete-confirm').click();
    await expect.poll(() => admin.page.getByTestId('users-error').textContent(), { timeout: 10_000 }).toMatch(/admin/i);

    await admin.page.getByTestId('sign-out').click();
    await admin.page.getByTestId('password-form').waitFor();
    await admin.context.close();

    // The viewer, in a browser of their own.
    const viewer = await newPerson(browser);
    await signInWithPassword(viewer.page, vigil.url, VIEWER.username, VIEWER.password);
    expect(await viewer.page.getByTestId('signed-in-as').getAttribute('data-role')).toBe('viewer');
    expect(await viewer.page.getByTestId('nav-users').count()).toBe(0);
    await viewer.page.getByTestId('nav-cameras').click();
    await viewer.page.locator('[data-testid="camera-tile"][data-camera-id="gate-1"]').waitFor();
    expect(await tileIds(viewer.page)).toEqual(['gate-1']);
    await screenshot(viewer.page, 'users-04-viewer-cameras');

    // Both cameras raise alerts; the viewer's feed holds those of gate-1 only, and its detail offers no response.
    const alertsOf = async (camera: string) => (await api<AlertPageDto>(vigil, `/api/alerts?camera=${camera}`)).body.items;
    await expect.poll(async () => (await alertsOf('gate-1')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await alertsOf('yard-2')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await viewer.page.getByTestId('nav-alerts').click();
    const gateAlert = (await alertsOf('gate-1'))[0]!;
    await viewer.page.locator(`[data-testid="alert-item"][data-alert-id="${gateAlert.id}"]`).waitFor({ timeout: 20_000 });
    const shown = await viewer.page.getByTestId('alert-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-alert-id')));
    const yardIds = new Set((await alertsOf('yard-2')).map((a) => a.id));
    expect(shown.filter((id) => id !== null && yardIds.has(id))).toEqual([]);
    await screenshot(viewer.page, 'users-05-viewer-feed');

    await viewer.page.goto(`${vigil.url}/alerts/${gateAlert.id}`);
    await viewer.page.getByTestId('alert-detail').waitFor();
    await viewer.page.getByTestId('action-not-allowed').waitFor();
    expect(await viewer.page.getByTestId('action-ack').count()).toBe(0);
    await screenshot(viewer.page, 'users-06-viewer-alert');

    // A token made on the Tokens page works from outside the browser, with the viewer's cameras, until revoked.
    await viewer.page.getByTestId('nav-tokens').click();
    await viewer.page.getByTestId('token-name').fill('wall script');
    expect(await viewer.page.getByTestId('token-scope-operate').count()).toBe(0);
    await viewer.page.getByTestId('token-scope-read').check();
    await viewer.page.getByTestId('token-create').click();
    const secret = await viewer.page.getByTestId('token-secret').inputValue({ timeout: 10_000 });
    expect(secret.length).toBeGreaterThan(16);
    await screenshot(viewer.page, 'users-07-token-created');

    const camerasWith = (token: string) => fetch(`${vigil.url}/api/cameras`, { headers: { Authorization: `Bearer ${token}` } });
    const reply = await camerasWith(secret);
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as CameraListDto).items.map((c) => c.id)).toEqual(['gate-1']);

    await viewer.page.locator('[data-testid="token-row"][data-state="active"] [data-testid="token-revoke"]').click();
    await viewer.page.getByTestId('token-revoke-confirm').click();
    await expect.poll(() => viewer.page.locator('[data-testid="token-row"][data-state="active"]').count(), { timeout: 10_000 }).toBe(0);
    expect((await camerasWith(secret)).status).toBe(401);
    await screenshot(viewer.page, 'users-08-token-revoked');
    await viewer.context.close();
  });
});
