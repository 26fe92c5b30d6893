import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto } from '../../server/src/contracts/index.js';
import type { EvidenceInput } from '../../server/src/store/ports.js';
import { makeAlert, openAlert, startTestApp, TEST_TOKEN, type TestApp } from './test-app.js';

let t: TestApp;
const clipBytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const snapshotBytes = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 9, 8, 7, 0xff, 0xd9]);
const withClip = makeAlert();
const withoutClip = makeAlert({ startedAt: Date.now() - 1000 });
const outside = makeAlert({ startedAt: Date.now() - 2000 });

async function evidenceFile(relative: string, bytes: Buffer, kind: 'clip' | 'snapshot'): Promise<EvidenceInput> {
  await mkdir(join(t.dataDir, relative, '..'), { recursive: true });
  await writeFile(join(t.dataDir, relative), bytes);
  return {
    kind,
    path: relative,
    mime: kind === 'clip' ? 'video/mp4' : 'image/jpeg',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    startTs: kind === 'clip' ? withClip.startedAt - 5000 : null,
    endTs: kind === 'clip' ? withClip.startedAt + 5000 : null,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  const snapshot = await evidenceFile(`evidence/${withClip.id}/snapshot.jpg`, snapshotBytes, 'snapshot');
  await openAlert(t.store, withClip, [snapshot]);
  await t.store.alerts.addEvidence(withClip.id, await evidenceFile(`evidence/${withClip.id}/clip.mp4`, clipBytes, 'clip'), Date.now());
  await openAlert(t.store, withoutClip, [await evidenceFile(`evidence/${withoutClip.id}/snapshot.jpg`, snapshotBytes, 'snapshot')]);
  // A row whose path climbs out of DATA_DIR must never be served.
  await openAlert(t.store, outside, [{ ...snapshot, path: '../../etc/passwd' }]);
});
afterAll(async () => {
  await t?.close();
});

const clipUrl = `/api/alerts/${withClip.id}/clip.mp4`;

describe('clip.mp4', () => {
  it('lists the evidence with its URLs on the alert', async () => {
    const detail = (await (await t.request(`/api/alerts/${withClip.id}`)).json()) as AlertDetailDto;
    expect(detail.evidence.map((e) => [e.kind, e.url]).sort()).toEqual([
      ['clip', clipUrl],
      ['snapshot', `/api/alerts/${withClip.id}/snapshot.jpg`],
    ]);
    expect(JSON.stringify(detail)).not.toContain('evidence/');
    expect(detail.events.map((e) => e.action)).toEqual(['opened', 'evidence']);
  });

  it('serves the whole clip with Accept-Ranges', async () => {
    const res = await t.request(clipUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(clipBytes);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=900-', 900, 999],
      ['bytes=-10', 990, 999],
      ['bytes=500-5000', 500, 999],
    ];
    for (const [range, start, end] of cases) {
      const res = await t.request(clipUrl, { headers: { range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await res.arrayBuffer())).toEqual(clipBytes.subarray(start, end + 1));
    }
  });

  it('answers HEAD with the headers only, and 304 for a known ETag', async () => {
    const head = await t.request(clipUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
    const etag = head.headers.get('etag');
    expect(etag).toBe(`"${createHash('sha256').update(clipBytes).digest('hex')}"`);
    const again = await t.request(clipUrl, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers 416 for a range it cannot satisfy', async () => {
    for (const range of ['bytes=1000-', 'bytes=5-2', 'bytes=abc']) {
      const res = await t.request(clipUrl, { headers: { range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get('content-range')).toBe('bytes */1000');
    }
  });

  it('answers 404 while the clip is not cut yet, and for an unknown alert', async () => {
    const res = await t.request(`/api/alerts/${withoutClip.id}/clip.mp4`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(/not cut yet/);
    expect((await t.request('/api/alerts/00000000-0000-4000-8000-000000000000/clip.mp4')).status).toBe(404);
  });

  it('needs the token, and takes it as ?token= for media elements', async () => {
    expect((await t.request(clipUrl, { token: null })).status).toBe(401);
    const res = await t.request(`${clipUrl}?token=${TEST_TOKEN}`, { token: null, headers: { range: 'bytes=0-9' } });
    expect(res.status).toBe(206);
    expect((await t.request(`${clipUrl}?token=wrong`, { token: null })).status).toBe(401);
  });
});

describe('snapshot.jpg', () => {
  it('serves the snapshot', async () => {
    const res = await t.request(`/api/alerts/${withoutClip.id}/snapshot.jpg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(snapshotBytes);
  });

  it('never serves a file outside the data directory', async () => {
    const res = await t.request(`/api/alerts/${outside.id}/snapshot.jpg`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('root:');
  });
});
