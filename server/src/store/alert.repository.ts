import { asc, count, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  ALERT_STATUSES,
  conflict,
  invalidInput,
  notFound,
  type Alert,
  type AlertEventAction,
  type AlertStatus,
} from '../domain/index.js';
import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor.js';
import { alertFilterCondition, checkPageSize } from './alert-filter.js';
import { planTransition, statusAfterClear } from './alert-transitions.js';
import {
  insertEvidence,
  insertOutbox,
  loadAlertWithHistory,
  lockAlertStatus,
  recordEvent,
} from './alert-writes.js';
import type { Db } from './db.js';
import type {
  AlertFilter,
  AlertPage,
  AlertRepository,
  AlertTouch,
  AlertWithHistory,
  EvidenceInput,
  OutboxInput,
  TransitionInput,
} from './ports.js';
import { alertToRow, rowToAlert, toDate } from './row-mapping.js';
import { alerts } from './schema.js';
import { guarded, isUuid, sqlState, UNIQUE_VIOLATION } from './store-errors.js';

/** The actor recorded for events that Vigil itself causes (evidence attached). */
export const SYSTEM_ACTOR = 'system';

export class PgAlertRepository implements AlertRepository {
  constructor(private readonly db: Db) {}

  async open(input: { alert: Alert; evidence: EvidenceInput[]; outbox: OutboxInput[]; actor: string }): Promise<AlertWithHistory> {
    const { alert } = input;
    if (!isUuid(alert.id)) throw invalidInput(`alert id ${alert.id} is not a UUID`);
    return guarded('opening an alert', () =>
      this.db.transaction(async (tx) => {
        try {
          await tx.insert(alerts).values(alertToRow(alert));
        } catch (error) {
          if (sqlState(error) === UNIQUE_VIOLATION) throw conflict(`alert ${alert.id} already exists`);
          throw error;
        }
        await insertEvidence(tx, alert.id, input.evidence, alert.startedAt);
        await recordEvent(tx, {
          alertId: alert.id,
          at: alert.startedAt,
          actor: input.actor,
          action: 'opened',
          fromStatus: null,
          toStatus: alert.status,
          note: null,
        });
        await insertOutbox(tx, alert.id, input.outbox);
        return (await loadAlertWithHistory(tx, alert.id))!;
      }),
    );
  }

  async touch(
    alertId: string,
    patch: AlertTouch,
  ): Promise<Alert> {
    if (!isUuid(alertId)) throw notFound('alert', alertId);
    return guarded('updating an alert', async () => {
      const [row] = await this.db
        .update(alerts)
        .set({
          lastSeenAt: toDate(patch.lastSeenAt),
          peakValue: sql`greatest(${alerts.peakValue}, ${patch.peakValue})`,
          ...(patch.boxes ? { boxes: patch.boxes } : {}),
          ...(patch.observation ? { observation: patch.observation } : {}),
          ...(patch.details ? { details: patch.details } : {}),
        })
        .where(eq(alerts.id, alertId))
        .returning();
      if (!row) throw notFound('alert', alertId);
      return rowToAlert(row);
    });
  }

  async clear(alertId: string, at: number, actor: string, outbox: OutboxInput[]): Promise<AlertWithHistory> {
    if (!isUuid(alertId)) throw notFound('alert', alertId);
    return guarded('clearing an alert', () =>
      this.db.transaction(async (tx) => {
        const current = await lockAlertStatus(tx, alertId);
        if (!current) throw notFound('alert', alertId);
        // Already cleared: nothing changes and nothing is sent again.
        if (current.endedAt === null) {
          const toStatus = statusAfterClear(current.status);
          await tx.update(alerts).set({ endedAt: toDate(at), status: toStatus }).where(eq(alerts.id, alertId));
          await recordEvent(tx, { alertId, at, actor, action: 'cleared', fromStatus: current.status, toStatus, note: null });
          await insertOutbox(tx, alertId, outbox);
        }
        return (await loadAlertWithHistory(tx, alertId))!;
      }),
    );
  }

  async addEvidence(alertId: string, file: EvidenceInput, at: number, actor = SYSTEM_ACTOR): Promise<AlertWithHistory> {
    if (!isUuid(alertId)) throw notFound('alert', alertId);
    return guarded('adding evidence', () =>
      this.db.transaction(async (tx) => {
        const current = await lockAlertStatus(tx, alertId);
        if (!current) throw notFound('alert', alertId);
        await insertEvidence(tx, alertId, [file], at);
        const { status } = current;
        await recordEvent(tx, { alertId, at, actor, action: 'evidence', fromStatus: status, toStatus: status, note: file.kind });
        return (await loadAlertWithHistory(tx, alertId))!;
      }),
    );
  }

  async note(input: { alertId: string; at: number; actor: string; action: AlertEventAction; note: string | null }): Promise<AlertWithHistory> {
    const { alertId } = input;
    if (!isUuid(alertId)) throw notFound('alert', alertId);
    return guarded('adding to an alert timeline', () =>
      this.db.transaction(async (tx) => {
        const current = await lockAlertStatus(tx, alertId);
        if (!current) throw notFound('alert', alertId);
        const { status } = current;
        await recordEvent(tx, { ...input, fromStatus: status, toStatus: status });
        return (await loadAlertWithHistory(tx, alertId))!;
      }),
    );
  }

  async transition(input: TransitionInput, outbox: OutboxInput[]): Promise<AlertWithHistory> {
    const { alertId } = input;
    if (!isUuid(alertId)) throw notFound('alert', alertId);
    return guarded('changing an alert status', () =>
      this.db.transaction(async (tx) => {
        const current = await lockAlertStatus(tx, alertId);
        if (!current) throw notFound('alert', alertId);
        const outcome = planTransition(current.status, input.action);
        if (!outcome) throw conflict(`alert ${alertId} is ${current.status}: '${input.action}' is not allowed`);
        await tx.update(alerts).set({ status: outcome.toStatus }).where(eq(alerts.id, alertId));
        await recordEvent(tx, {
          alertId,
          at: input.at,
          actor: input.actor,
          action: outcome.eventAction,
          fromStatus: current.status,
          toStatus: outcome.toStatus,
          note: input.note,
        });
        await insertOutbox(tx, alertId, outbox);
        return (await loadAlertWithHistory(tx, alertId))!;
      }),
    );
  }

  async get(alertId: string): Promise<AlertWithHistory | null> {
    if (!isUuid(alertId)) return null;
    return guarded('reading an alert', () => loadAlertWithHistory(this.db, alertId));
  }

  async list(filter: AlertFilter, page: { limit: number; cursor?: string }): Promise<AlertPage> {
    checkPageSize(page.limit);
    const cursor = page.cursor ? decodeAlertCursor(page.cursor) : null;
    const where = alertFilterCondition(filter, cursor);
    return guarded('listing alerts', async () => {
      const rows = await this.db
        .select()
        .from(alerts)
        .where(where)
        .orderBy(desc(alerts.startedAt), desc(alerts.id))
        .limit(page.limit + 1);
      const items = rows.slice(0, page.limit).map(rowToAlert);
      const last = items.at(-1);
      const nextCursor = rows.length > page.limit && last ? encodeAlertCursor({ startedAt: last.startedAt, id: last.id }) : null;
      return { items, nextCursor };
    });
  }

  listActive(): Promise<Alert[]> {
    return guarded('listing active alerts', async () => {
      const rows = await this.db.select().from(alerts).where(isNull(alerts.endedAt)).orderBy(asc(alerts.startedAt), asc(alerts.id));
      return rows.map(rowToAlert);
    });
  }

  countByStatus(): Promise<Record<AlertStatus, number>> {
    return guarded('counting alerts', async () => {
      const rows = await this.db.select({ status: alerts.status, n: count() }).from(alerts).groupBy(alerts.status);
      const counts = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
      for (const row of rows) counts[row.status as AlertStatus] = Number(row.n);
      return counts;
    });
  }
}
