import { z } from 'zod';
import { AlertDto } from '../../contracts/alert-dto.js';
import { IsoTime, toIso } from '../../contracts/common.js';
import type { Delivery } from '../channel.js';

/**
 * The JSON body of a Vigil webhook, in the Standard Webhooks payload convention: `type`, `timestamp` (when the
 * event happened) and `data`. Every retry of a delivery carries the same webhook-id; the alert's evidence is as it
 * stands at that attempt (a clip is often cut after the first try).
 * docs/webhook-payload.schema.json is generated from this schema (scripts/webhook-schema.ts).
 */

export const WEBHOOK_EVENT_TYPES = ['alert.opened', 'alert.updated', 'alert.resolved', 'alert.escalated'] as const satisfies readonly Delivery['event'][];

/** Where people and programs follow up: absolute when Vigil knows its public URL, else paths. */
export const WebhookLinks = z
  .object({
    alert: z.string().describe('The alert in the Vigil dashboard.'),
    snapshot: z.string().optional().describe('The newest snapshot (Vigil API, bearer token).'),
    clip: z.string().optional().describe('The newest clip (Vigil API, bearer token).'),
  })
  .describe('Links to the alert and its evidence.');

export const WebhookPayload = z
  .object({
    type: z.enum(WEBHOOK_EVENT_TYPES).describe('What happened to the alert.'),
    timestamp: IsoTime.describe('When the event happened (ISO-8601, UTC); the same on every retry.'),
    data: z
      .object({
        alert: AlertDto.describe('The alert as the Vigil API returns it, with its evidence as it is at this attempt.'),
        links: WebhookLinks.optional(),
      })
      .describe('The event payload.'),
  })
  .meta({
    title: 'Vigil webhook payload',
    description:
      'Body of a Vigil webhook (Standard Webhooks). Verify webhook-signature over `${webhook-id}.${webhook-timestamp}.${body}` before parsing; de-duplicate by webhook-id. Fields may be added; ignore those you do not know.',
  });
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export interface WebhookBody {
  type: Delivery['event'];
  timestamp: string;
  data: Record<string, unknown>;
}

/** The body for a delivery: its payload (without its own `type`) under `data`, stamped with the event time. */
export function webhookBodyFor(delivery: Delivery): WebhookBody {
  const { type: _type, ...data } = delivery.payload;
  return { type: delivery.event, timestamp: toIso(delivery.createdAt), data };
}

/** The published JSON Schema (draft 2020-12) as the text committed at docs/webhook-payload.schema.json. */
export function webhookPayloadJsonSchemaText(): string {
  // `input` keeps objects open (no additionalProperties: false), so adding a field later breaks no receiver.
  const schema = z.toJSONSchema(WebhookPayload, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
