import { z } from 'zod';
import { IsoTime } from './common.js';

export const DeliveryAttemptDto = z.object({
  /** 1 for the first try. */
  attempt: z.number().int().positive(),
  at: IsoTime,
  ok: z.boolean(),
  /** Why it failed, secrets redacted; null when it went through. */
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
});
export type DeliveryAttemptDto = z.infer<typeof DeliveryAttemptDto>;

/**
 * One delivery of one alert event to one channel. `id` is the delivery id receivers see (webhook-id): the same on
 * every try. `status`: pending (waiting for its next try), sending, delivered, dead (given up).
 */
export const DeliveryDto = z.object({
  id: z.string(),
  channel: z.string(),
  event: z.enum(['alert.opened', 'alert.updated', 'alert.resolved', 'alert.escalated']),
  status: z.enum(['pending', 'sending', 'delivered', 'dead']),
  attempts: z.number().int().nonnegative(),
  /** Pending only: when the next try is due. */
  nextAttemptAt: IsoTime.nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoTime,
  deliveredAt: IsoTime.nullable(),
  /** Set while the channel is disabled (its receiver answered 410 Gone). */
  channelDisabled: z.object({ at: IsoTime, reason: z.string() }).nullable(),
  attemptLog: z.array(DeliveryAttemptDto),
});
export type DeliveryDto = z.infer<typeof DeliveryDto>;

/** `GET /api/alerts/:id/deliveries`: every delivery the alert owed, oldest first, each with its tries. */
export const AlertDeliveriesDto = z.object({ alertId: z.string(), items: z.array(DeliveryDto) });
export type AlertDeliveriesDto = z.infer<typeof AlertDeliveriesDto>;
