import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertAction, AlertStatus } from '../../server/src/domain/index.js';
import type { OutboxInput, Store } from '../../server/src/store/ports.js';
import { makeAlert, outboxInputs, snapshotInput, T0 } from './fixtures.js';
import { freshStore, storeTargets, type StoreTarget } from './store-targets.js';

describe.each(storeTargets)('alerts on $name', (target: StoreTarget) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(target));
  });
  afterAll(() => dispose());

  async function openAlert(overrides = {}) {
    const alert = makeAlert(overrides);
    await store.alerts.open({ alert, evidence: [snapshotInput(alert)], outbox: outboxInputs(alert), actor: 'rules' });
    return alert;
  }

  it('open writes the alert, its snapshot, the opened event and the outbox rows together', async () => {
    const alert = makeAlert();
    const opened = await store.alerts.open({
      alert,
      evidence: [snapshotInput(alert)],
      outbox: outboxInputs(alert),
      actor: 'rules',
    });
    expect(opened.alert).toEqual(alert);
    expect(opened.events).toEqual([
      expect.objectContaining({ alertId: alert.id, action: 'opened', actor: 'rules', at: T0, fromStatus: null, toStatus: 'open' }),
    ]);
    expect(opened.evidence).toEqual([
      expect.objectContaining({ ...snapshotInput(alert), alertId: alert.id, createdAt: alert.startedAt }),
    ]);
    expect(await store.alerts.get(alert.id)).toEqual(opened);
    expect(await store.evidence.forAlert(alert.id)).toEqual(opened.evidence);
    const other = makeAlert();
    const batched = await store.evidence.forAlerts([alert.id, other.id, 'not-a-uuid']);
    expect([...batched.entries()]).toEqual([
      [alert.id, opened.evidence],
      [other.id, []],
      ['not-a-uuid', []],
    ]);
    expect(await store.evidence.get(opened.evidence[0]!.id)).toEqual(opened.evidence[0]);
    const outbox = await store.outbox.forAlert(alert.id);
    expect(outbox.map((o) => o.channel).sort()).toEqual(['email:ehs', 'webhook:ops']);
    expect(outbox.every((o) => o.status === 'pending' && o.attempts === 0 && o.event === 'alert.opened')).toBe(true);
  });

  it('open rolls everything back when one outbox row cannot be written', async () => {
    const alert = makeAlert();
    const broken = [...outboxInputs(alert), { channel: null, event: 'alert.opened', payload: {} } as unknown as OutboxInput];
    const before = await store.alerts.countByStatus();
    await expect(
      store.alerts.open({ alert, evidence: [snapshotInput(alert)], outbox: broken, actor: 'rules' }),
    ).rejects.toMatchObject({ name: 'VigilError', code: 'internal' });
    expect(await store.alerts.get(alert.id)).toBeNull();
    expect(await store.evidence.forAlert(alert.id)).toEqual([]);
    expect(await store.outbox.forAlert(alert.id)).toEqual([]);
    expect(await store.alerts.countByStatus()).toEqual(before);
  });

  it('open refuses an id that exists and one that is not a UUID', async () => {
    const alert = await openAlert();
    await expect(store.alerts.open({ alert, evidence: [], outbox: [], actor: 'rules' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      store.alerts.open({ alert: makeAlert({ id: 'not-a-uuid' }), evidence: [], outbox: [], actor: 'rules' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  const allowed: [AlertStatus[], AlertAction, AlertStatus][] = [
    [[], 'ack', 'acknowledged'],
    [[], 'resolve', 'resolved'],
    [[], 'false-positive', 'false_positive'],
    [['acknowledged'], 'resolve', 'resolved'],
    [['acknowledged'], 'false-positive', 'false_positive'],
  ];
  it.each(allowed)('allows %j then %s, recording who, when and why', async (path, action, to) => {
    const alert = await openAlert();
    if (path.length) await store.alerts.transition({ alertId: alert.id, action: 'ack', actor: 'ana', note: null, at: T0 + 1000 }, []);
    const from = path.at(-1) ?? 'open';
    const input = { alertId: alert.id, action, actor: 'ben@plant', note: 'checked on site', at: T0 + 5000 };
    const result = await store.alerts.transition(input, outboxInputs(alert, 'alert.updated'));
    expect(result.alert.status).toBe(to);
    expect(result.events.at(-1)).toMatchObject({ actor: 'ben@plant', at: T0 + 5000, note: 'checked on site', fromStatus: from, toStatus: to, action: to });
    expect(result.events[0]?.action).toBe('opened');
    const outbox = await store.outbox.forAlert(alert.id);
    expect(outbox.filter((o) => o.event === 'alert.updated')).toHaveLength(2);
  });

  const refused: [AlertAction[], AlertAction][] = [
    [['ack'], 'ack'],
    [['resolve'], 'ack'],
    [['resolve'], 'resolve'],
    [['resolve'], 'false-positive'],
    [['false-positive'], 'resolve'],
    [['false-positive'], 'ack'],
  ];
  it.each(refused)('refuses %j then %s as a conflict, changing nothing', async (before, action) => {
    const alert = await openAlert();
    for (const step of before) await store.alerts.transition({ alertId: alert.id, action: step, actor: 'ana', note: null, at: T0 + 1 }, []);
    const snapshot = await store.alerts.get(alert.id);
    const attempt = store.alerts.transition({ alertId: alert.id, action, actor: 'ben', note: null, at: T0 + 2 }, outboxInputs(alert));
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.alerts.get(alert.id)).toEqual(snapshot);
    expect((await store.outbox.forAlert(alert.id)).filter((o) => o.event === 'alert.opened')).toHaveLength(2);
  });

  it('reports transitions and reads of unknown alerts as not found', async () => {
    const unknown = makeAlert().id;
    await expect(store.alerts.transition({ alertId: unknown, action: 'ack', actor: 'a', note: null, at: T0 }, [])).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.alerts.transition({ alertId: 'nope', action: 'ack', actor: 'a', note: null, at: T0 }, [])).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.alerts.clear(unknown, T0, 'rules', [])).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.alerts.touch(unknown, { lastSeenAt: T0, peakValue: 1 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.alerts.addEvidence(unknown, snapshotInput(makeAlert()), T0)).rejects.toMatchObject({ code: 'not_found' });
    expect(await store.alerts.get(unknown)).toBeNull();
    expect(await store.alerts.get('nope')).toBeNull();
    expect(await store.evidence.get('nope')).toBeNull();
  });

  it('touch refreshes lastSeenAt, keeps the peak and replaces boxes and details', async () => {
    const alert = await openAlert({ peakValue: 0.3 });
    const boxes = [{ x1: 1, y1: 2, x2: 3, y2: 4, label: 'person' }];
    let touched = await store.alerts.touch(alert.id, { lastSeenAt: T0 + 2000, peakValue: 0.5, boxes, details: { n: 2 } });
    expect(touched).toMatchObject({ lastSeenAt: T0 + 2000, peakValue: 0.5, boxes, details: { n: 2 } });
    touched = await store.alerts.touch(alert.id, { lastSeenAt: T0 + 3000, peakValue: 0.2 });
    expect(touched).toMatchObject({ lastSeenAt: T0 + 3000, peakValue: 0.5, boxes, details: { n: 2 } });
  });

  it('clear ends the condition and resolves an open or acknowledged alert, once', async () => {
    const open = await openAlert();
    const cleared = await store.alerts.clear(open.id, T0 + 9000, 'rules', outboxInputs(open, 'alert.resolved'));
    expect(cleared.alert).toMatchObject({ endedAt: T0 + 9000, status: 'resolved' });
    expect(cleared.events.at(-1)).toMatchObject({ action: 'cleared', actor: 'rules', fromStatus: 'open', toStatus: 'resolved', at: T0 + 9000 });
    const again = await store.alerts.clear(open.id, T0 + 12_000, 'rules', outboxInputs(open, 'alert.resolved'));
    expect(again).toEqual(cleared);
    expect((await store.outbox.forAlert(open.id)).filter((o) => o.event === 'alert.resolved')).toHaveLength(2);

    const acked = await openAlert();
    await store.alerts.transition({ alertId: acked.id, action: 'ack', actor: 'ana', note: null, at: T0 + 1 }, []);
    expect((await store.alerts.clear(acked.id, T0 + 9000, 'rules', [])).alert.status).toBe('resolved');

    const dismissed = await openAlert();
    await store.alerts.transition({ alertId: dismissed.id, action: 'false-positive', actor: 'ana', note: 'shadow', at: T0 + 1 }, []);
    const kept = await store.alerts.clear(dismissed.id, T0 + 9000, 'rules', []);
    expect(kept.alert).toMatchObject({ status: 'false_positive', endedAt: T0 + 9000 });
  });

  it('addEvidence attaches the clip and records an evidence event', async () => {
    const alert = await openAlert();
    const clip = { kind: 'clip' as const, path: `evidence/2026-01-15/${alert.id}/clip.mp4`, mime: 'video/mp4', bytes: 3_000_000_000, sha256: 'b'.repeat(64), startTs: T0 - 5000, endTs: T0 + 10_000 };
    const result = await store.alerts.addEvidence(alert.id, clip, T0 + 15_000);
    expect(result.evidence.map((e) => e.kind)).toEqual(['snapshot', 'clip']);
    expect(result.evidence[1]).toMatchObject({ ...clip, createdAt: T0 + 15_000 });
    expect(result.events.map((e) => e.action)).toEqual(['opened', 'evidence']);
    expect(result.events[1]).toMatchObject({ fromStatus: 'open', toStatus: 'open', at: T0 + 15_000 });
  });

  it('listActive returns alerts whose condition holds, oldest first; countByStatus counts each status', async () => {
    const fresh = await freshStore(target);
    try {
      const alerts = fresh.store.alerts;
      const make = async (startedAt: number) => {
        const alert = makeAlert({ startedAt });
        await alerts.open({ alert, evidence: [], outbox: [], actor: 'rules' });
        return alert;
      };
      const [a, b, c, d] = [await make(T0 + 3000), await make(T0 + 1000), await make(T0 + 2000), await make(T0 + 4000)];
      await alerts.clear(c!.id, T0 + 5000, 'rules', []);
      await alerts.transition({ alertId: d!.id, action: 'ack', actor: 'ana', note: null, at: T0 + 5000 }, []);
      expect((await alerts.listActive()).map((x) => x.id)).toEqual([b!.id, a!.id, d!.id]);
      expect(await alerts.countByStatus()).toEqual({ open: 2, acknowledged: 1, resolved: 1, false_positive: 0 });
    } finally {
      await fresh.dispose();
    }
  });
});
