import { describe, expect, it } from 'vitest';
import type { Delivery } from '../channel.js';
import { webhookBodyFor } from './webhook-payload.js';

describe('webhook body', () => {
  it('puts the payload under data, typed by the event and stamped with the event time', () => {
    const delivery: Delivery = {
      id: 'outbox-7',
      alertId: 'a-1',
      channel: 'webhook:ops',
      event: 'alert.resolved',
      payload: { type: 'alert.resolved', alert: { id: 'a-1' } },
      attempt: 3,
      createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    };
    expect(webhookBodyFor(delivery)).toEqual({ type: 'alert.resolved', timestamp: '2026-01-02T03:04:05.000Z', data: { alert: { id: 'a-1' } } });
  });
});
