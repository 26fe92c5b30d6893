import { z } from 'zod';
import { IsoTime } from './common.js';

/** Body of `POST /api/alerts/:id/hold`. */
export const EvidenceHoldBody = z.strictObject({
  reason: z.string().trim().min(1, 'must say why the evidence is held').max(500, 'must be at most 500 characters'),
});
export type EvidenceHoldBody = z.infer<typeof EvidenceHoldBody>;

/** `GET|POST|DELETE /api/alerts/:id/hold`: whether retention keeps the alert's evidence, and why. */
export const EvidenceHoldDto = z.object({
  alertId: z.string(),
  held: z.boolean(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  since: IsoTime.nullable(),
});
export type EvidenceHoldDto = z.infer<typeof EvidenceHoldDto>;
