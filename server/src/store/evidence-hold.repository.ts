import { eq, inArray } from 'drizzle-orm';
import { notFound } from '../domain/index.js';
import type { Db } from './db.js';
import type { EvidenceHold, EvidenceHoldRepository } from './ports.js';
import { toDate, toMs } from './row-mapping.js';
import { evidenceHolds } from './schema.js';
import { guarded, isUuid, sqlState } from './store-errors.js';

const FOREIGN_KEY_VIOLATION = '23503';

const toHold = (row: typeof evidenceHolds.$inferSelect): EvidenceHold => ({
  alertId: row.alertId,
  reason: row.reason,
  actor: row.actor,
  createdAt: toMs(row.createdAt),
});

export class PgEvidenceHoldRepository implements EvidenceHoldRepository {
  constructor(private readonly db: Db) {}

  async hold(input: { alertId: string; reason: string; actor: string; at: number }): Promise<{ hold: EvidenceHold; created: boolean }> {
    if (!isUuid(input.alertId)) throw notFound('alert', input.alertId);
    return guarded('holding evidence', async () => {
      try {
        const [inserted] = await this.db
          .insert(evidenceHolds)
          .values({ alertId: input.alertId, reason: input.reason, actor: input.actor, createdAt: toDate(input.at) })
          .onConflictDoNothing()
          .returning();
        if (inserted) return { hold: toHold(inserted), created: true };
      } catch (error) {
        if (sqlState(error) === FOREIGN_KEY_VIOLATION) throw notFound('alert', input.alertId);
        throw error;
      }
      const existing = await this.get(input.alertId);
      if (!existing) throw notFound('alert', input.alertId);
      return { hold: existing, created: false };
    });
  }

  async release(alertId: string): Promise<boolean> {
    if (!isUuid(alertId)) return false;
    return guarded('releasing evidence', async () => {
      const rows = await this.db.delete(evidenceHolds).where(eq(evidenceHolds.alertId, alertId)).returning({ alertId: evidenceHolds.alertId });
      return rows.length > 0;
    });
  }

  async get(alertId: string): Promise<EvidenceHold | null> {
    if (!isUuid(alertId)) return null;
    return guarded('reading an evidence hold', async () => {
      const [row] = await this.db.select().from(evidenceHolds).where(eq(evidenceHolds.alertId, alertId));
      return row ? toHold(row) : null;
    });
  }

  async heldAmong(alertIds: readonly string[]): Promise<Set<string>> {
    const ids = alertIds.filter(isUuid);
    if (ids.length === 0) return new Set();
    return guarded('reading evidence holds', async () => {
      const rows = await this.db.select({ alertId: evidenceHolds.alertId }).from(evidenceHolds).where(inArray(evidenceHolds.alertId, ids));
      return new Set(rows.map((row) => row.alertId));
    });
  }

  async all(): Promise<Set<string>> {
    return guarded('reading evidence holds', async () => {
      const rows = await this.db.select({ alertId: evidenceHolds.alertId }).from(evidenceHolds);
      return new Set(rows.map((row) => row.alertId));
    });
  }
}
