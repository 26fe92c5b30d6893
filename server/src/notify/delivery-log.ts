import { toIso, toIsoOrNull, type AlertDeliveriesDto } from '../contracts/index.js';
import type { DeliveryAttempt, DisabledChannel, OutboxItem, Store } from '../store/ports.js';

/** The delivery log of one alert, as `GET /api/alerts/:id/deliveries` shows it. */
export interface DeliveryLog {
  /** null when there is no such alert. */
  forAlert(alertId: string): Promise<AlertDeliveriesDto | null>;
}

export function deliveryLogOn(store: Pick<Store, 'alerts' | 'outbox'>): DeliveryLog {
  return {
    async forAlert(alertId) {
      const found = await store.alerts.get(alertId);
      if (!found) return null;
      const [items, attempts, disabled] = await Promise.all([
        store.outbox.forAlert(alertId),
        store.outbox.attemptsForAlert(alertId),
        store.outbox.disabledChannels(),
      ]);
      return deliveriesToDto(alertId, items, attempts, disabled);
    },
  };
}

export function deliveriesToDto(
  alertId: string,
  items: readonly OutboxItem[],
  attempts: readonly DeliveryAttempt[],
  disabled: readonly DisabledChannel[],
): AlertDeliveriesDto {
  const disabledBy = new Map(disabled.map((d) => [d.channel, d]));
  return {
    alertId,
    items: items.map((item) => {
      const off = disabledBy.get(item.channel);
      return {
        id: item.id,
        channel: item.channel,
        event: item.event,
        status: item.status,
        attempts: item.attempts,
        nextAttemptAt: item.status === 'pending' ? toIso(item.nextAttemptAt) : null,
        lastError: item.lastError,
        createdAt: toIso(item.createdAt),
        deliveredAt: toIsoOrNull(item.deliveredAt),
        channelDisabled: off ? { at: toIso(off.disabledAt), reason: off.reason } : null,
        attemptLog: attempts
          .filter((a) => a.outboxId === item.id)
          .map((a) => ({ attempt: a.attempt, at: toIso(a.at), ok: a.ok, error: a.error, durationMs: a.durationMs })),
      };
    }),
  };
}
