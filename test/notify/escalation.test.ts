import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscalationWatch } from '../../server/src/notify/escalation-watch.js';
import { escalationKey, severitiesAtOrAbove } from '../../server/src/notify/escalation.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { createStore } from '../../server/src/store/create-store.js';
import type { Store } from '../../server/src/store/ports.js';
import { makeAlert } from '../store/fixtures.js';

const MIN = 60_000;
let store: Store;
let clock: number;

beforeEach(async () => {
  store = await createStore({ dataDir: '/nonexistent', inMemory: true });
  clock = Date.UTC(2026, 0, 15, 9, 0, 0);
});
afterEach(async () => {
  await store.close();
});

const open = async (overrides: Parameters<typeof makeAlert>[0]) => {
  const alert = makeAlert({ notify: ['dashboard'], ...overrides });
  await store.alerts.open({ alert, evidence: [], outbox: [], actor: 'rules' });
  return alert;
};

const watch = (escalated: string[] = []) =>
  new EscalationWatch({
    escalations: store.escalations,
    policies: [{ minSeverity: 'high', after: 5 * MIN, notify: ['email:ehs', 'webhook:ops', 'email:ehs'] }],
    logger: silentLogger(),
    now: () => clock,
    onEscalated: (id) => escalated.push(id),
  });

describe('escalation', () => {
  it('orders severities', () => {
    expect(severitiesAtOrAbove('high')).toEqual(['high', 'critical']);
    expect(escalationKey({ minSeverity: 'high', after: 300_000, notify: [] })).toBe('high@300000ms');
  });

  it('escalates open alerts at or above the severity once they are older than the delay, once each', async () => {
    const critical = await open({ severity: 'critical', startedAt: clock - 6 * MIN });
    const high = await open({ severity: 'high', startedAt: clock - 5 * MIN });
    const medium = await open({ severity: 'medium', startedAt: clock - 60 * MIN });
    const young = await open({ severity: 'critical', startedAt: clock - 4 * MIN });
    const acked = await open({ severity: 'critical', startedAt: clock - 30 * MIN });
    await store.alerts.transition({ alertId: acked.id, action: 'ack', actor: 'ehs', note: null, at: clock - 29 * MIN }, []);

    const woken: string[] = [];
    const w = watch(woken);
    expect(await w.checkNow()).toBe(2);
    expect(new Set(woken)).toEqual(new Set([critical.id, high.id]));

    const rows = await store.outbox.forAlert(critical.id);
    expect(rows.map((r) => [r.channel, r.event]).sort()).toEqual([
      ['email:ehs', 'alert.escalated'],
      ['webhook:ops', 'alert.escalated'],
    ]);
    expect(rows[0]!.payload).toMatchObject({ type: 'alert.escalated', alert: { id: critical.id }, escalation: { minSeverity: 'high', afterSeconds: 300, unacknowledgedSeconds: 360 } });
    for (const alert of [medium, young, acked]) expect(await store.outbox.forAlert(alert.id)).toEqual([]);

    expect(await w.checkNow()).toBe(0);
    clock += 2 * MIN;
    expect(await w.checkNow()).toBe(1);
    expect((await store.outbox.forAlert(young.id)).length).toBe(2);
    expect((await store.outbox.forAlert(critical.id)).length).toBe(2);
  });

  it('does not escalate an alert acknowledged before the check', async () => {
    const alert = await open({ severity: 'critical', startedAt: clock - 10 * MIN });
    const due = await store.escalations.due('high@300000ms', ['high', 'critical'], clock - 5 * MIN, 10);
    expect(due.map((a) => a.id)).toEqual([alert.id]);
    await store.alerts.transition({ alertId: alert.id, action: 'ack', actor: 'ehs', note: null, at: clock }, []);
    expect(await store.escalations.escalate(alert.id, 'high@300000ms', clock, [{ channel: 'email:ehs', event: 'alert.escalated', payload: {} }])).toBe(false);
    expect(await store.outbox.forAlert(alert.id)).toEqual([]);
  });
});
