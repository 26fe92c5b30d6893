import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import { OutboxDispatcher, type DispatcherOptions } from '../../server/src/notify/dispatcher.js';
import { createDeliveryMetrics } from '../../server/src/notify/delivery-metrics.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { createStore } from '../../server/src/store/create-store.js';
import type { OutboxInput, Store } from '../../server/src/store/ports.js';
import { makeAlert, snapshotInput } from '../store/fixtures.js';
import { HttpTestChannel, TestReceiver } from './http-test-channel.js';

const FAST = [0, 1_000, 60_000, 3_600_000];
const noJitter = () => 0.5;

let store: Store;
let receiver: TestReceiver;
let clock: number;

beforeEach(async () => {
  store = await createStore({ dataDir: '/nonexistent', inMemory: true });
  clock = Date.now() + 1000;
});
afterEach(async () => {
  await receiver?.close();
  await store.close();
});

async function openWith(channels: string[], extra: Partial<Parameters<typeof makeAlert>[0]> = {}) {
  const alert = makeAlert({ notify: channels, startedAt: Date.now(), ...extra });
  const outbox: OutboxInput[] = channels.map((channel) => ({ channel, event: 'alert.opened', payload: { type: 'alert.opened', alert: { id: alert.id, evidence: [] } } }));
  await store.alerts.open({ alert, evidence: [snapshotInput(alert)], outbox, actor: 'rules' });
  return alert;
}

function dispatcher(overrides: Partial<DispatcherOptions> = {}): OutboxDispatcher {
  return new OutboxDispatcher({
    outbox: store.outbox,
    evidence: store.evidence,
    channels: [new HttpTestChannel('webhook:ops', () => receiver.url)],
    logger: silentLogger(),
    schedule: FAST,
    random: noJitter,
    now: () => clock,
    publicUrl: 'https://vigil.plant.example/',
    ...overrides,
  });
}

describe('outbox dispatcher', () => {
  it('retries on the schedule until the receiver takes it, logging every try', async () => {
    receiver = await new TestReceiver((_id, seen) => (seen < 2 ? 503 : 204)).start();
    const alert = await openWith(['webhook:ops']);
    const registry = new Registry();
    const d = dispatcher({ metrics: createDeliveryMetrics(registry, store.outbox) });

    expect(await d.deliverDue()).toBe(1);
    const [afterFirst] = await store.outbox.forAlert(alert.id);
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastError: 'receiver answered 503', nextAttemptAt: clock + 1_000 });
    clock += 999;
    expect(await d.deliverDue()).toBe(0);
    clock += 1;
    expect(await d.deliverDue()).toBe(1);
    expect((await store.outbox.forAlert(alert.id))[0]!.nextAttemptAt).toBe(clock + 60_000);
    clock += 60_000;
    expect(await d.deliverDue()).toBe(1);

    const [row] = await store.outbox.forAlert(alert.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, deliveredAt: clock });
    const log = await store.outbox.attemptsForAlert(alert.id);
    expect(log.map((a) => [a.attempt, a.ok, a.error])).toEqual([
      [1, false, 'receiver answered 503'],
      [2, false, 'receiver answered 503'],
      [3, true, null],
    ]);
    expect(receiver.received.map((r) => r.deliveryId)).toEqual([row!.id, row!.id, row!.id]);
    expect(receiver.received.map((r) => r.attempt)).toEqual([1, 2, 3]);

    const body = receiver.received[2]!.body as { payload: { links: Record<string, string>; alert: { evidence: { url: string }[] } } };
    expect(body.payload.links).toEqual({
      alert: `https://vigil.plant.example/alerts/${alert.id}`,
      snapshot: `https://vigil.plant.example/api/alerts/${alert.id}/snapshot.jpg`,
    });
    expect(body.payload.alert.evidence[0]!.url).toBe(`https://vigil.plant.example/api/alerts/${alert.id}/snapshot.jpg`);

    const text = await registry.metrics();
    expect(text).toContain('vigil_deliveries_total{channel="webhook:ops",outcome="retry"} 2');
    expect(text).toContain('vigil_deliveries_total{channel="webhook:ops",outcome="delivered"} 1');
    expect(text).toContain('vigil_outbox_pending 0');
  });

  it('gives up after the last try of the schedule (dead letter)', async () => {
    receiver = await new TestReceiver(() => 500).start();
    const alert = await openWith(['webhook:ops']);
    const d = dispatcher();
    for (let i = 0; i < FAST.length; i++) {
      expect(await d.deliverDue()).toBe(1);
      clock += 10 * 3_600_000;
    }
    expect(await d.deliverDue()).toBe(0);
    const [row] = await store.outbox.forAlert(alert.id);
    expect(row).toMatchObject({ status: 'dead', attempts: FAST.length, lastError: 'receiver answered 500' });
    expect(receiver.received).toHaveLength(FAST.length);
    expect(await store.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, delivered: 0, dead: 1 });
  });

  it('does not retry what retrying cannot fix', async () => {
    receiver = await new TestReceiver(() => 400).start();
    const alert = await openWith(['webhook:ops']);
    await dispatcher().deliverDue();
    expect((await store.outbox.forAlert(alert.id))[0]).toMatchObject({ status: 'dead', attempts: 1, lastError: 'receiver answered 400' });
  });

  it('disables a channel whose receiver answers 410, and sends it nothing more', async () => {
    receiver = await new TestReceiver(() => 410).start();
    const first = await openWith(['webhook:ops']);
    const d = dispatcher();
    await d.deliverDue();
    expect((await store.outbox.forAlert(first.id))[0]).toMatchObject({ status: 'dead', lastError: 'receiver answered 410 Gone' });
    expect(await store.outbox.disabledChannels()).toEqual([{ channel: 'webhook:ops', disabledAt: clock, reason: 'receiver answered 410 Gone' }]);

    const second = await openWith(['webhook:ops']);
    await d.deliverDue();
    const [row] = await store.outbox.forAlert(second.id);
    expect(row).toMatchObject({ status: 'dead', lastError: 'channel webhook:ops is disabled: receiver answered 410 Gone' });
    expect(receiver.received).toHaveLength(1);

    expect(await store.outbox.enableChannel('webhook:ops')).toBe(true);
    expect(await store.outbox.disabledChannels()).toEqual([]);
  });

  it('fails deliveries to a channel that is not configured, and delivers the others', async () => {
    receiver = await new TestReceiver().start();
    const alert = await openWith(['email:ehs', 'webhook:ops']);
    await dispatcher().deliverDue();
    const rows = await store.outbox.forAlert(alert.id);
    expect(rows.find((r) => r.channel === 'email:ehs')).toMatchObject({ status: 'dead', lastError: 'no channel email:ehs is configured' });
    expect(rows.find((r) => r.channel === 'webhook:ops')).toMatchObject({ status: 'delivered' });
    const log = await store.outbox.attemptsForAlert(alert.id);
    expect(log.filter((a) => !a.ok).map((a) => a.error)).toEqual(['no channel email:ehs is configured']);
  });

  it('treats a channel that outlives the timeout as a retryable failure', async () => {
    receiver = await new TestReceiver(() => 200, 2_000).start();
    const alert = await openWith(['webhook:ops']);
    await dispatcher({ timeoutMs: 100 }).deliverDue();
    const [row] = await store.outbox.forAlert(alert.id);
    expect(row).toMatchObject({ status: 'pending', lastError: 'no answer within 100 ms', nextAttemptAt: clock + 1_000 });
  });

  it('sends rows left mid-delivery by a stopped process again on start', async () => {
    receiver = await new TestReceiver().start();
    const alert = await openWith(['webhook:ops']);
    const [claimed] = await store.outbox.claimDue(clock, 10);
    expect(claimed!.status).toBe('sending');

    const d = dispatcher({ now: () => Date.now(), pollMs: 20 });
    await d.start();
    await vi.waitFor(async () => expect((await store.outbox.forAlert(alert.id))[0]!.status).toBe('delivered'), { timeout: 5_000 });
    await d.stop();
    expect([...receiver.idsSeen()]).toEqual([claimed!.id]);
  });

  it('wakes on demand instead of waiting for the next poll', async () => {
    receiver = await new TestReceiver().start();
    const d = dispatcher({ now: () => Date.now(), pollMs: 60_000 });
    await d.start();
    const alert = await openWith(['webhook:ops']);
    d.wake();
    await vi.waitFor(async () => expect((await store.outbox.forAlert(alert.id))[0]!.status).toBe('delivered'), { timeout: 5_000 });
    await d.stop();
  });

  it('on stop, waits for a delivery in flight', async () => {
    receiver = await new TestReceiver(() => 200, 300).start();
    const d = dispatcher({ now: () => Date.now(), pollMs: 10 });
    const alert = await openWith(['webhook:ops']);
    await d.start();
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 5_000 });
    await d.stop(10_000);
    expect((await store.outbox.forAlert(alert.id))[0]!.status).toBe('delivered');
  });

  it('on stop past its deadline, leaves the delivery due again at once', async () => {
    receiver = await new TestReceiver(() => 200, 5_000).start();
    const d = dispatcher({ now: () => Date.now(), pollMs: 10 });
    const alert = await openWith(['webhook:ops']);
    await d.start();
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 5_000 });
    const stoppedAt = Date.now();
    await d.stop(50);
    const [row] = await store.outbox.forAlert(alert.id);
    expect(row).toMatchObject({ status: 'pending', lastError: 'Vigil stopped before the delivery finished' });
    expect(row!.nextAttemptAt).toBeLessThanOrEqual(Date.now());
    expect(row!.nextAttemptAt).toBeGreaterThanOrEqual(stoppedAt);
  });
});
