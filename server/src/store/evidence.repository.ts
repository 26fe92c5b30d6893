import { asc, eq, inArray } from 'drizzle-orm';
import type { Evidence } from '../domain/index.js';
import type { Db } from './db.js';
import type { EvidenceRepository } from './ports.js';
import { rowToEvidence } from './row-mapping.js';
import { evidence } from './schema.js';
import { guarded, isUuid } from './store-errors.js';

export class PgEvidenceRepository implements EvidenceRepository {
  constructor(private readonly db: Db) {}

  async get(evidenceId: string): Promise<Evidence | null> {
    if (!isUuid(evidenceId)) return null;
    return guarded('reading evidence', async () => {
      const [row] = await this.db.select().from(evidence).where(eq(evidence.id, evidenceId));
      return row ? rowToEvidence(row) : null;
    });
  }

  async forAlert(alertId: string): Promise<Evidence[]> {
    return (await this.forAlerts([alertId])).get(alertId) ?? [];
  }

  async forAlerts(alertIds: readonly string[]): Promise<Map<string, Evidence[]>> {
    const byAlert = new Map<string, Evidence[]>(alertIds.map((id) => [id, []]));
    const ids = alertIds.filter(isUuid);
    if (ids.length === 0) return byAlert;
    return guarded('listing evidence', async () => {
      const rows = await this.db
        .select()
        .from(evidence)
        .where(inArray(evidence.alertId, ids))
        .orderBy(asc(evidence.createdAt), asc(evidence.id));
      for (const row of rows) byAlert.get(row.alertId)?.push(rowToEvidence(row));
      return byAlert;
    });
  }
}
