import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/src/store/ports.js';
import { makeAlert, outboxInputs } from './fixtures.js';
import { freshStore, storeTargets, type StoreTarget } from './store-targets.js';

describe.each(storeTargets)('outbox on $name', (target: StoreTarget) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(target));
  });
  afterAll(() => dispose());

  it('claims due rows once, retries failures when due, and ends delivered or dead', async () => {
    const alert = makeAlert();
    await store.alerts.open({ alert, evidence: [], outbox: outboxInputs(alert), actor: 'rules' });
    const now = Date.now() + 1000;

    const claimed = await store.outbox.claimDue(now, 10);
    expect(claimed).toHaveLength(2);
    expect(claimed.every((item) => item.status === 'sending' && item.attempts === 1)).toBe(true);
    expect(await store.outbox.claimDue(now, 10)).toEqual([]);

    const [email, webhook] = [claimed.find((c) => c.channel === 'email:ehs')!, claimed.find((c) => c.channel === 'webhook:ops')!];
    await store.outbox.markDelivered(email.id, now + 10);
    await store.outbox.markFailed(webhook.id, 'POST https://user:pw@ops.example/hook → 503', now + 5000);
    expect(await store.outbox.claimDue(now + 4999, 10)).toEqual([]);

    const retry = await store.outbox.claimDue(now + 5000, 10);
    expect(retry).toMatchObject([{ id: webhook.id, attempts: 2, lastError: 'POST https://***@ops.example/hook → 503' }]);
    await store.outbox.markFailed(webhook.id, 'still 503', null);

    const items = await store.outbox.forAlert(alert.id);
    expect(items.find((i) => i.id === email.id)).toMatchObject({ status: 'delivered', deliveredAt: now + 10, lastError: null });
    expect(items.find((i) => i.id === webhook.id)).toMatchObject({ status: 'dead', lastError: 'still 503', attempts: 2 });
    expect(await store.outbox.claimDue(now + 1e9, 10)).toEqual([]);
    expect(await store.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, delivered: 1, dead: 1 });
  });

  it('requeues rows a stopped process left sending, and splits concurrent claims', async () => {
    const alerts = [makeAlert(), makeAlert(), makeAlert()];
    for (const alert of alerts) await store.alerts.open({ alert, evidence: [], outbox: outboxInputs(alert), actor: 'rules' });
    const now = Date.now() + 1000;
    const [a, b] = await Promise.all([store.outbox.claimDue(now, 4), store.outbox.claimDue(now, 4)]);
    const ids = [...a!, ...b!].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);

    expect(await store.outbox.requeueInterrupted(now)).toBe(6);
    const again = await store.outbox.claimDue(now, 10);
    expect(again).toHaveLength(6);
    expect(again.every((item) => item.attempts === 2)).toBe(true);
  });

  it('reports unknown rows as not found', async () => {
    await expect(store.outbox.markDelivered('00000000-0000-4000-8000-000000000000', 1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.outbox.markFailed('nope', 'x', null)).rejects.toMatchObject({ code: 'not_found' });
  });
});
