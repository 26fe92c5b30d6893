import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertStatus, Severity } from '../../server/src/domain/index.js';
import type { AlertFilter, Store } from '../../server/src/store/ports.js';
import { makeAlert, T0 } from './fixtures.js';
import { freshStore, storeTargets, type StoreTarget } from './store-targets.js';

const CAMERAS = ['dock-1', 'dock-2', 'cell-3'];
const SEVERITIES: Severity[] = ['low', 'high', 'critical'];
const RULES = ['cell-intrusion', 'no-hard-hat'];

/** Newest first; equal onsets ordered by id, descending (the store's order). */
const byListOrder = (a: Alert, b: Alert) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe.each(storeTargets)('listing alerts on $name', (target: StoreTarget) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const all: Alert[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await freshStore(target));
    // 37 alerts; each pair shares an onset, so paging must break ties on id.
    for (let i = 0; i < 37; i++) {
      const alert = makeAlert({
        startedAt: T0 + Math.floor(i / 2) * 60_000,
        cameraId: CAMERAS[i % 3]!,
        severity: SEVERITIES[i % 3]!,
        ruleId: RULES[i % 2]!,
      });
      await store.alerts.open({ alert, evidence: [], outbox: [], actor: 'rules' });
      if (i % 4 === 1) await store.alerts.transition({ alertId: alert.id, action: 'ack', actor: 'ana', note: null, at: T0 }, []);
      all.push({ ...alert, status: i % 4 === 1 ? 'acknowledged' : 'open' });
    }
  });
  afterAll(() => dispose());

  async function everyPage(filter: AlertFilter, limit: number): Promise<{ pages: Alert[][]; items: Alert[] }> {
    const pages: Alert[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.alerts.list(filter, { limit, ...(cursor ? { cursor } : {}) });
      pages.push(page.items);
      cursor = page.nextCursor ?? undefined;
      expect(pages.length).toBeLessThan(50);
    } while (cursor);
    return { pages, items: pages.flat() };
  }

  it('pages through everything newest first, without duplicates or gaps', async () => {
    const { pages, items } = await everyPage({}, 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 7]);
    expect(items.map((a) => a.id)).toEqual([...all].sort(byListOrder).map((a) => a.id));
    expect(new Set(items.map((a) => a.id)).size).toBe(37);
  });

  it('ends with a null cursor when the last page is exactly full', async () => {
    const { pages } = await everyPage({}, 37);
    expect(pages).toHaveLength(1);
    const first = await store.alerts.list({}, { limit: 36 });
    expect(first.nextCursor).not.toBeNull();
    const rest = await store.alerts.list({}, { limit: 36, cursor: first.nextCursor! });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  const filters: [string, AlertFilter, (a: Alert) => boolean][] = [
    ['status', { status: ['acknowledged'] }, (a) => a.status === 'acknowledged'],
    ['camera', { cameraId: ['dock-1', 'cell-3'] }, (a) => a.cameraId === 'dock-1' || a.cameraId === 'cell-3'],
    ['severity', { severity: ['critical'] }, (a) => a.severity === 'critical'],
    ['rule', { ruleId: ['no-hard-hat'] }, (a) => a.ruleId === 'no-hard-hat'],
    ['since/until', { since: T0 + 3 * 60_000, until: T0 + 9 * 60_000 }, (a) => a.startedAt >= T0 + 3 * 60_000 && a.startedAt < T0 + 9 * 60_000],
    [
      'everything at once',
      { status: ['open'] as AlertStatus[], cameraId: ['dock-2'], severity: ['high'], ruleId: ['no-hard-hat'], since: T0 },
      (a) => a.status === 'open' && a.cameraId === 'dock-2' && a.severity === 'high' && a.ruleId === 'no-hard-hat',
    ],
    ['empty lists (no constraint)', { status: [], cameraId: [] }, () => true],
  ];
  it.each(filters)('filters by %s, across pages', async (_name, filter, keep) => {
    const expected = all.filter(keep).sort(byListOrder).map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    const { items } = await everyPage(filter, 3);
    expect(items.map((a) => a.id)).toEqual(expected);
  });

  it('refuses a cursor it did not issue and a bad page size', async () => {
    for (const cursor of ['garbage!', 'bm90IGpzb24', Buffer.from('[1,"x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      await expect(store.alerts.list({}, { limit: 5, cursor })).rejects.toMatchObject({ code: 'invalid_input', message: 'invalid cursor' });
    }
    for (const limit of [0, -1, 1.5, 10_000]) {
      await expect(store.alerts.list({}, { limit })).rejects.toMatchObject({ code: 'invalid_input' });
    }
    await expect(store.alerts.list({ since: Number.NaN }, { limit: 5 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
