import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCamera, startTestApp, TEST_TOKEN, type TestApp } from './test-app.js';

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  t = await startTestApp({ configCameras: [makeCamera()], siteName: 'North <plant> & yard', logger });
});
afterAll(async () => {
  await t?.close();
});

describe('API token', () => {
  it('refuses /api without a token with a JSON 401', async () => {
    const res = await t.request('/api/cameras', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('missing') } });
  });

  it('refuses a wrong token, including one of the right length', async () => {
    for (const token of ['nope', TEST_TOKEN.replace(/.$/, 'X'), `${TEST_TOKEN}x`]) {
      const res = await t.request('/api/alerts', { token });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('does not take ?token= on ordinary API routes', async () => {
    const res = await t.request(`/api/cameras?token=${TEST_TOKEN}`, { token: null });
    expect(res.status).toBe(401);
  });

  it('never writes a token into the request log', async () => {
    await t.request(`/api/alerts/00000000-0000-4000-8000-000000000000/clip.mp4?token=${TEST_TOKEN}`, { token: null });
    await expect.poll(() => logLines.some((line) => line.includes('clip.mp4'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(TEST_TOKEN);
    expect(logLines.find((line) => line.includes('clip.mp4'))).toContain('token=***');
  });

  it('accepts the right token', async () => {
    const res = await t.request('/api/cameras');
    expect(res.status).toBe(200);
  });
});

describe('health and metrics', () => {
  it('serves /healthz without a token', async () => {
    const res = await t.request('/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      cameras: { online: 0, total: 1 },
      database: 'pglite',
      databaseUp: true,
      reasoner: { backend: 'none', state: 'off' },
      version: '0.1.0-test',
    });
  });

  it('serves Prometheus text at /metrics without a token', async () => {
    t.metrics.framesTotal.inc({ camera: 'dock-1' }, 3);
    const res = await t.request('/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE vigil_frames_total counter');
    expect(text).toMatch(/^vigil_frames_total\{camera="dock-1"\} 3$/m);
    expect(text).toContain('vigil_socket_clients');
    expect(text).not.toContain('dock-pass-123');
  });
});

describe('status page', () => {
  it('loads without a token and shows nothing sensitive', async () => {
    const res = await t.request('/', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    const html = await res.text();
    expect(html).toContain('North &lt;plant&gt; &amp; yard');
    expect(html).not.toContain('North <plant>');
    expect(html).not.toContain('Loading dock 1');
    expect(html).not.toContain('dock-pass-123');
    expect(html).not.toContain(TEST_TOKEN);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
  });
});

describe('errors', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('refuses bodies over the limit', async () => {
    const res = await t.request('/api/rules/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('invalid_input');
  });

  it('answers malformed JSON with a 400', async () => {
    const res = await t.request('/api/cameras', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_input');
  });
});
