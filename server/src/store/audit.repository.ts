import { asc, desc, gt, sql } from 'drizzle-orm';
import { chainRow, type AuditRow } from '../audit/audit-chain.js';
import { invalidInput } from '../domain/index.js';
import type { Db } from './db.js';
import type { AuditAppend, AuditRepository } from './ports.js';
import { toDate, toMs } from './row-mapping.js';
import { auditLog } from './schema.js';
import { guarded } from './store-errors.js';

/**
 * The advisory lock key that serialises appends to the audit log, across connections and Vigil nodes sharing one
 * Postgres ("VIGA" as a 32-bit integer).
 */
export const AUDIT_LOCK_KEY = 0x56494741;

export const MAX_AUDIT_PAGE = 1000;

export class PgAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async append(entry: AuditAppend): Promise<AuditRow> {
    // Stored and hashed alike: what jsonb gives back is what was hashed (no undefined, no Dates).
    const details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
    return guarded('appending to the audit log', () =>
      this.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`));
        const [last] = await tx.select({ seq: auditLog.seq, sha256: auditLog.sha256 }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
        const row = chainRow(last ?? null, { ...entry, details });
        await tx.insert(auditLog).values({ ...row, at: toDate(row.at) });
        return row;
      }),
    );
  }

  async list(after: number, limit: number): Promise<AuditRow[]> {
    if (!Number.isSafeInteger(after) || after < 0) throw invalidInput('after must be a whole number ≥ 0');
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_AUDIT_PAGE) throw invalidInput(`limit must be 1–${MAX_AUDIT_PAGE}`);
    return guarded('reading the audit log', async () => {
      const rows = await this.db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(limit);
      return rows.map((row) => ({ ...row, at: toMs(row.at) }));
    });
  }
}
