import { and, asc, eq, inArray, lte, notExists } from 'drizzle-orm';
import type { Alert, Severity } from '../domain/index.js';
import { insertOutbox, lockAlertStatus } from './alert-writes.js';
import type { Db } from './db.js';
import type { EscalationRepository, OutboxInput } from './ports.js';
import { rowToAlert, toDate } from './row-mapping.js';
import { alertEscalations, alerts } from './schema.js';
import { guarded, isUuid } from './store-errors.js';

export class PgEscalationRepository implements EscalationRepository {
  constructor(private readonly db: Db) {}

  due(policy: string, severities: readonly Severity[], startedBy: number, limit: number): Promise<Alert[]> {
    if (severities.length === 0) return Promise.resolve([]);
    return guarded('finding alerts to escalate', async () => {
      const escalated = this.db
        .select({ alertId: alertEscalations.alertId })
        .from(alertEscalations)
        .where(and(eq(alertEscalations.alertId, alerts.id), eq(alertEscalations.policy, policy)));
      const rows = await this.db
        .select()
        .from(alerts)
        .where(
          and(
            eq(alerts.status, 'open'),
            inArray(alerts.severity, [...severities]),
            lte(alerts.startedAt, toDate(startedBy)),
            notExists(escalated),
          ),
        )
        .orderBy(asc(alerts.startedAt), asc(alerts.id))
        .limit(limit);
      return rows.map(rowToAlert);
    });
  }

  async escalate(alertId: string, policy: string, at: number, outbox: OutboxInput[]): Promise<boolean> {
    if (!isUuid(alertId)) return false;
    return guarded('escalating an alert', () =>
      this.db.transaction(async (tx) => {
        // The lock orders this against an acknowledgement in flight: whichever commits first wins.
        const current = await lockAlertStatus(tx, alertId);
        if (current?.status !== 'open') return false;
        const inserted = await tx
          .insert(alertEscalations)
          .values({ alertId, policy, at: toDate(at) })
          .onConflictDoNothing()
          .returning({ alertId: alertEscalations.alertId });
        if (inserted.length === 0) return false;
        await insertOutbox(tx, alertId, outbox);
        return true;
      }),
    );
  }
}
