import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-1234.js"></script></head><body><div id="root"></div></body></html>';

describe('the dashboard at /', () => {
  let webDir = '';
  let t: TestApp;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'vigil-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), INDEX);
    await writeFile(join(webDir, 'assets', 'app-1234.js'), 'console.log("vigil")');
    t = await startTestApp({ webDir });
  });

  afterAll(async () => {
    await t?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('serves the app without a token, with a content security policy', async () => {
    const res = await t.request('/', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await res.text()).toBe(INDEX);
  });

  it('opens the app at any page path, so links to an alert work', async () => {
    for (const path of ['/alerts/0b6f', '/cameras/dock-1/zones', '/system?wall=1']) {
      const res = await t.request(path, { token: null });
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await t.request('/assets/app-1234.js', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('keeps API, health and metrics paths out of the app', async () => {
    const api = await t.request('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await t.request('/healthz', { token: null })).status).toBe(200);
    expect((await t.request('/nothing', { method: 'POST', token: null })).status).toBe(404);
  });

  it('shows the plain status page when no dashboard is built', async () => {
    const plain = await startTestApp({ webDir: join(webDir, 'missing') });
    try {
      const res = await plain.request('/', { token: null });
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/Test plant/);
    } finally {
      await plain.close();
    }
  });
});
