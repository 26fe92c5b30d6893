import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of each view land here (test artefacts; ignored by git). */
export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts', 'browser');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Debian's Chromium, headless. playwright-core gives every launch a fresh temporary user-data dir, and every
 * context its own storage, so each "person" at the dashboard signs in on their own. `extraFlags` adds to the
 * usual flags (e.g. Chromium's fake camera).
 */
export async function launchChromium(extraFlags: readonly string[] = []): Promise<Browser> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...FLAGS, ...extraFlags], headless: true });
}

export async function newPerson(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  // A step that cannot happen fails within this, naming the step, instead of hanging until the test's timeout.
  context.setDefaultTimeout(20_000);
  return { context, page: await context.newPage() };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
