import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '../domain/index.js';

/** Body of `POST /api/alerts/:id/ack | resolve | false-positive`. */
export const AlertActionBody = z.strictObject({
  note: z.string().max(2000, 'must be at most 2000 characters').optional(),
  /** Who acted; "api" when absent. */
  actor: z.string().trim().min(1).max(200).optional(),
});
export type AlertActionBody = z.infer<typeof AlertActionBody>;

/** "a,b , c" → ["a","b","c"]; every entry checked against `item`. */
function commaList<T extends z.ZodType<string, string>>(item: T) {
  return z
    .string()
    .transform((text) => text.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(item).min(1, 'must name at least one value'));
}

/** ISO-8601 time or epoch milliseconds → epoch milliseconds. */
const timeParam = z.string().transform((text, ctx) => {
  const trimmed = text.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 time or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

/**
 * Query of `GET /api/alerts`. Lists are comma-separated: `?status=open,acknowledged&severity=high,critical`.
 * `since` (inclusive) and `until` (exclusive) bound the onset time.
 */
export const AlertListQuery = z.strictObject({
  status: commaList(z.enum(ALERT_STATUSES)).optional(),
  camera: commaList(z.string().max(100)).optional(),
  severity: commaList(z.enum(SEVERITIES)).optional(),
  rule: commaList(z.string().max(200)).optional(),
  since: timeParam.optional(),
  until: timeParam.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type AlertListQueryInput = z.input<typeof AlertListQuery>;
export type AlertListQuery = z.output<typeof AlertListQuery>;
