import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDetailDto, AlertPageDto } from '../../server/src/contracts/index.js';
import type { Alert } from '../../server/src/domain/index.js';
import { makeAlert, openAlert, startTestApp, type TestApp } from './test-app.js';

let t: TestApp;
const base = Date.UTC(2025, 5, 1, 8, 0, 0);
const seeded: Alert[] = [
  makeAlert({ startedAt: base + 0, cameraId: 'cell-3', severity: 'critical', ruleId: 'cell-intrusion' }),
  makeAlert({ startedAt: base + 60_000, cameraId: 'dock-1', severity: 'high', ruleId: 'no-hard-hat' }),
  makeAlert({ startedAt: base + 120_000, cameraId: 'dock-1', severity: 'low', ruleId: 'no-hard-hat' }),
  makeAlert({ startedAt: base + 180_000, cameraId: 'yard', severity: 'medium', ruleId: 'forklift' }),
  makeAlert({ startedAt: base + 240_000, cameraId: 'cell-3', severity: 'critical', ruleId: 'cell-intrusion' }),
];

beforeAll(async () => {
  t = await startTestApp();
  for (const alert of seeded) await openAlert(t.store, alert);
});
afterAll(async () => {
  await t?.close();
});

const post = (path: string, body?: unknown) =>
  t.request(path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const list = async (query: string) => {
  const res = await t.request(`/api/alerts${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as AlertPageDto;
};
const ids = (page: AlertPageDto) => page.items.map((a) => a.id);
const seededIds = (...indexes: number[]) => indexes.map((i) => seeded[i]!.id);

describe('alert list', () => {
  it('lists newest first with ISO times', async () => {
    const page = await list('');
    expect(ids(page)).toEqual(seededIds(4, 3, 2, 1, 0));
    expect(page.nextCursor).toBeNull();
    expect(page.items[4]!.startedAt).toBe('2025-06-01T08:00:00.000Z');
    expect(page.items[0]!.boxes).toEqual([{ x1: 100, y1: 200, x2: 300, y2: 900, label: 'person' }]);
  });

  it('filters by camera, severity, rule and time, each a comma-separated list', async () => {
    expect(ids(await list('?camera=dock-1'))).toEqual(seededIds(2, 1));
    expect(ids(await list('?camera=dock-1,yard'))).toEqual(seededIds(3, 2, 1));
    expect(ids(await list('?severity=critical,low'))).toEqual(seededIds(4, 2, 0));
    expect(ids(await list('?rule=forklift,cell-intrusion'))).toEqual(seededIds(4, 3, 0));
    expect(ids(await list(`?since=${base + 60_000}&until=${new Date(base + 180_000).toISOString()}`))).toEqual(seededIds(2, 1));
    expect(ids(await list('?camera=dock-1&severity=high'))).toEqual(seededIds(1));
  });

  it('pages with an opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AlertPageDto = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(seededIds(4, 3, 2, 1, 0));
    expect(pages).toBe(3);
  });

  it('names each bad query field', async () => {
    const res = await t.request('/api/alerts?status=open,bogus&limit=500&since=last-week&colour=red');
    expect(res.status).toBe(400);
    const fields = ((await res.json()).error.fields as { path: string }[]).map((f) => f.path).sort();
    expect(fields).toEqual(['colour', 'limit', 'since', 'status.1']);
    expect((await t.request('/api/alerts?cursor=not-a-cursor')).status).toBe(400);
  });
});

describe('alert lifecycle', () => {
  it('shows one alert with its timeline', async () => {
    const res = await t.request(`/api/alerts/${seeded[0]!.id}`);
    expect(res.status).toBe(200);
    const detail = (await res.json()) as AlertDetailDto;
    expect(detail).toMatchObject({ id: seeded[0]!.id, status: 'open', evidence: [] });
    expect(detail.events.map((e) => e.action)).toEqual(['opened']);
  });

  it('acknowledges then resolves, recording actor and note', async () => {
    const id = seeded[1]!.id;
    const ack = await post(`/api/alerts/${id}/ack`, { note: 'on my way', actor: 'maria' });
    expect(ack.status).toBe(200);
    const acked = (await ack.json()) as AlertDetailDto;
    expect(acked.status).toBe('acknowledged');
    expect(acked.events.at(-1)).toMatchObject({ action: 'acknowledged', actor: 'maria', note: 'on my way', fromStatus: 'open' });

    const resolve = await post(`/api/alerts/${id}/resolve`);
    expect(resolve.status).toBe(200);
    const resolved = (await resolve.json()) as AlertDetailDto;
    expect(resolved.status).toBe('resolved');
    expect(resolved.events.map((e) => e.action)).toEqual(['opened', 'acknowledged', 'resolved']);
    expect(resolved.events.at(-1)).toMatchObject({ actor: 'api', note: null });

    expect(ids(await list('?status=resolved'))).toEqual([id]);
    expect(ids(await list('?status=open,acknowledged'))).not.toContain(id);
  });

  it('refuses a transition the lifecycle does not allow with 409', async () => {
    const id = seeded[1]!.id;
    const res = await post(`/api/alerts/${id}/ack`, {});
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
    const fp = await post(`/api/alerts/${id}/false-positive`, { note: 'too late' });
    expect(fp.status).toBe(409);
  });

  it('takes an empty JSON body as no body, and refuses prototype keys', async () => {
    const id = seeded[2]!.id;
    const poisoned = await t.request(`/api/alerts/${id}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__": {"admin": true}}',
    });
    expect(poisoned.status).toBe(400);
    const res = await t.request(`/api/alerts/${id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as AlertDetailDto).status).toBe('acknowledged');
  });

  it('marks a false positive', async () => {
    const res = await post(`/api/alerts/${seeded[3]!.id}/false-positive`, { note: 'a shadow' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as AlertDetailDto).status).toBe('false_positive');
  });

  it('validates the action body and answers 404 for an unknown alert', async () => {
    const long = await post(`/api/alerts/${seeded[0]!.id}/ack`, { note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect((await long.json()).error.fields[0].path).toBe('note');
    const unknown = await post(`/api/alerts/${seeded[0]!.id}/ack`, { reason: 'x' });
    expect((await unknown.json()).error.fields).toEqual([{ path: 'reason', message: 'unknown field' }]);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await t.request(`/api/alerts/${missing}`)).status).toBe(404);
    expect((await post(`/api/alerts/${missing}/ack`)).status).toBe(404);
    expect((await t.request('/api/alerts/not-a-uuid')).status).toBe(404);
  });
});
