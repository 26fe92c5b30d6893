import { inArray } from 'drizzle-orm';
import type { Severity } from '../domain/index.js';
import type { Db } from './db.js';
import { alerts } from './schema.js';
import { guarded, isUuid } from './store-errors.js';

/** What retention and the disk guard need to know of an alert whose evidence lies on disk. */
export interface RetentionAlertInfo {
  alertId: string;
  severity: Severity;
  /** epoch ms; null while the condition holds. */
  endedAt: number | null;
}

/** Read-only: the severity and end of alerts by id (holds are read through EvidenceHoldRepository). */
export interface RetentionRepository {
  /** The alerts among `alertIds` that exist; ids that are not alerts are left out. */
  alertsById(alertIds: readonly string[]): Promise<Map<string, RetentionAlertInfo>>;
}

const CHUNK = 500;

export class PgRetentionRepository implements RetentionRepository {
  constructor(private readonly db: Db) {}

  alertsById(alertIds: readonly string[]): Promise<Map<string, RetentionAlertInfo>> {
    const ids = alertIds.filter(isUuid);
    return guarded('reading alerts for retention', async () => {
      const found = new Map<string, RetentionAlertInfo>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await this.db
          .select({ id: alerts.id, severity: alerts.severity, endedAt: alerts.endedAt })
          .from(alerts)
          .where(inArray(alerts.id, ids.slice(i, i + CHUNK)));
        for (const row of rows) {
          found.set(row.id, { alertId: row.id, severity: row.severity as Severity, endedAt: row.endedAt ? row.endedAt.getTime() : null });
        }
      }
      return found;
    });
  }
}
