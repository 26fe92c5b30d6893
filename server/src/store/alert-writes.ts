import { asc, eq } from 'drizzle-orm';
import type { AlertEvent, AlertStatus } from '../domain/index.js';
import type { Db } from './db.js';
import type { AlertWithHistory, EvidenceInput, OutboxInput } from './ports.js';
import { rowToAlert, rowToEvent, rowToEvidence, toDate, toDateOrNull } from './row-mapping.js';
import { alertEvents, alerts, evidence, outbox } from './schema.js';

/** The alert with its events (in write order) and evidence; null when absent. */
export async function loadAlertWithHistory(db: Db, alertId: string): Promise<AlertWithHistory | null> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, alertId));
  if (!row) return null;
  const [events, files] = await Promise.all([
    db.select().from(alertEvents).where(eq(alertEvents.alertId, alertId)).orderBy(asc(alertEvents.seq)),
    db.select().from(evidence).where(eq(evidence.alertId, alertId)).orderBy(asc(evidence.createdAt), asc(evidence.id)),
  ]);
  return { alert: rowToAlert(row), events: events.map(rowToEvent), evidence: files.map(rowToEvidence) };
}

/** The alert's current status, locked until the transaction ends; null when absent. */
export async function lockAlertStatus(tx: Db, alertId: string): Promise<{ status: AlertStatus; endedAt: Date | null } | null> {
  const [row] = await tx
    .select({ status: alerts.status, endedAt: alerts.endedAt })
    .from(alerts)
    .where(eq(alerts.id, alertId))
    .for('update');
  return row ? { status: row.status as AlertStatus, endedAt: row.endedAt } : null;
}

export async function recordEvent(
  tx: Db,
  event: Omit<AlertEvent, 'id'>,
): Promise<void> {
  await tx.insert(alertEvents).values({
    alertId: event.alertId,
    at: toDate(event.at),
    actor: event.actor,
    action: event.action,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
  });
}

export async function insertEvidence(tx: Db, alertId: string, files: EvidenceInput[], createdAt: number): Promise<void> {
  if (files.length === 0) return;
  await tx.insert(evidence).values(
    files.map((file) => ({
      alertId,
      kind: file.kind,
      path: file.path,
      mime: file.mime,
      bytes: file.bytes,
      sha256: file.sha256,
      startTs: toDateOrNull(file.startTs),
      endTs: toDateOrNull(file.endTs),
      createdAt: toDate(createdAt),
    })),
  );
}

/** Deliveries are due at once; the dispatcher's clock (not the alert's timeline) decides when they go. */
export async function insertOutbox(tx: Db, alertId: string, items: OutboxInput[]): Promise<void> {
  if (items.length === 0) return;
  const now = new Date();
  await tx.insert(outbox).values(
    items.map((item) => ({
      alertId,
      channel: item.channel,
      event: item.event,
      payload: item.payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
}
