import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertDeliveriesDto } from '../../server/src/contracts/index.js';
import { OutboxDispatcher } from '../../server/src/notify/dispatcher.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { makeAlert, startTestApp, type TestApp } from '../api/test-app.js';
import { HttpTestChannel, TestReceiver } from './http-test-channel.js';

let t: TestApp;
let receiver: TestReceiver;
beforeAll(async () => {
  t = await startTestApp();
  receiver = await new TestReceiver((_id, seen) => (seen === 0 ? 502 : 200)).start();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('GET /api/alerts/:id/deliveries', () => {
  it('shows each delivery with its tries', async () => {
    const alert = makeAlert({ notify: ['webhook:ops', 'robot:patrol-1'] });
    await t.store.alerts.open({
      alert,
      evidence: [],
      outbox: alert.notify.map((channel) => ({ channel, event: 'alert.opened' as const, payload: { type: 'alert.opened' } })),
      actor: 'rules',
    });
    let clock = Date.now() + 1000;
    const dispatcher = new OutboxDispatcher({
      outbox: t.store.outbox,
      channels: [new HttpTestChannel('webhook:ops', () => receiver.url)],
      logger: silentLogger(),
      schedule: [0, 5_000],
      random: () => 0.5,
      now: () => clock,
    });
    await dispatcher.deliverDue();
    clock += 5_000;
    await dispatcher.deliverDue();

    const res = await t.request(`/api/alerts/${alert.id}/deliveries`);
    expect(res.status).toBe(200);
    const body = AlertDeliveriesDto.parse(await res.json());
    expect(body.alertId).toBe(alert.id);
    const webhook = body.items.find((d) => d.channel === 'webhook:ops')!;
    expect(webhook).toMatchObject({ status: 'delivered', attempts: 2, nextAttemptAt: null, channelDisabled: null });
    expect(webhook.attemptLog.map((a) => [a.attempt, a.ok, a.error])).toEqual([
      [1, false, 'receiver answered 502'],
      [2, true, null],
    ]);
    const robot = body.items.find((d) => d.channel === 'robot:patrol-1')!;
    expect(robot).toMatchObject({ status: 'dead', attempts: 1, lastError: 'no channel robot:patrol-1 is configured' });
  });

  it('answers 404 for an unknown alert and needs the token', async () => {
    expect((await t.request(`/api/alerts/${randomUUID()}/deliveries`)).status).toBe(404);
    const anonymous = await t.request(`/api/alerts/${randomUUID()}/deliveries`, { token: null });
    expect(anonymous.status).toBe(401);
  });
});
