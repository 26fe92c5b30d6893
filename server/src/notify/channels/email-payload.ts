import { AlertDto } from '../../contracts/alert-dto.js';

export type PayloadAlert = { ok: true; alert: AlertDto } | { ok: false; error: string };

/** The outbox payload is `{ type, alert }`; a row without a readable alert cannot become a mail however often it is tried. */
export function alertOfPayload(payload: Record<string, unknown>): PayloadAlert {
  const parsed = AlertDto.safeParse(payload['alert']);
  if (parsed.success) return { ok: true, alert: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at alert.${issue.path.join('.')}` : '';
  return { ok: false, error: `payload holds no valid alert${where}: ${issue?.message ?? 'unreadable'}` };
}
