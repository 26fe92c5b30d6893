import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { invalidInput, notFound, redactText } from '../domain/index.js';
import type { Db } from './db.js';
import type { DeliveryAttempt, DisabledChannel, OutboxItem, OutboxRepository, OutboxStatus } from './ports.js';
import { rowToOutboxItem, toDate, toMs } from './row-mapping.js';
import { channelState, deliveryAttempts, outbox } from './schema.js';
import { guarded, isUuid } from './store-errors.js';

const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'delivered', 'dead'];
const MAX_ERROR_LENGTH = 2000;

const byDueOrder = (a: OutboxItem, b: OutboxItem): number =>
  a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || a.id.localeCompare(b.id);

export class PgOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Db) {}

  async claimDue(now: number, limit: number): Promise<OutboxItem[]> {
    if (!Number.isInteger(limit) || limit < 1) throw invalidInput('limit must be a positive integer');
    return guarded('claiming outbox rows', async () => {
      // SKIP LOCKED: two dispatchers claiming at once split the rows instead of both sending them.
      const due = this.db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, toDate(now))))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.createdAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await this.db
        .update(outbox)
        .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, due))
        .returning();
      return rows.map(rowToOutboxItem).sort(byDueOrder);
    });
  }

  async markDelivered(id: string, at: number): Promise<void> {
    await this.setOutcome(id, { status: 'delivered', deliveredAt: toDate(at), lastError: null });
  }

  async markFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void> {
    const lastError = redactText(error).slice(0, MAX_ERROR_LENGTH);
    await this.setOutcome(
      id,
      nextAttemptAt === null
        ? { status: 'dead', lastError }
        : { status: 'pending', lastError, nextAttemptAt: toDate(nextAttemptAt) },
    );
  }

  requeueInterrupted(now: number): Promise<number> {
    return guarded('requeueing outbox rows', async () => {
      const rows = await this.db
        .update(outbox)
        .set({ status: 'pending', nextAttemptAt: toDate(now) })
        .where(eq(outbox.status, 'sending'))
        .returning({ id: outbox.id });
      return rows.length;
    });
  }

  async forAlert(alertId: string): Promise<OutboxItem[]> {
    if (!isUuid(alertId)) return [];
    return guarded('listing outbox rows', async () => {
      const rows = await this.db
        .select()
        .from(outbox)
        .where(eq(outbox.alertId, alertId))
        .orderBy(asc(outbox.createdAt), asc(outbox.id));
      return rows.map(rowToOutboxItem);
    });
  }

  countByStatus(): Promise<Record<OutboxStatus, number>> {
    return guarded('counting outbox rows', async () => {
      const rows = await this.db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status);
      const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
      for (const row of rows) counts[row.status as OutboxStatus] = Number(row.n);
      return counts;
    });
  }

  async recordAttempt(attempt: DeliveryAttempt): Promise<void> {
    if (!isUuid(attempt.outboxId)) throw notFound('outbox row', attempt.outboxId);
    await guarded('recording a delivery attempt', async () => {
      await this.db.insert(deliveryAttempts).values({
        outboxId: attempt.outboxId,
        attempt: attempt.attempt,
        at: toDate(attempt.at),
        ok: attempt.ok,
        error: attempt.error === null ? null : redactText(attempt.error).slice(0, MAX_ERROR_LENGTH),
        durationMs: Math.max(0, Math.round(attempt.durationMs)),
      });
    });
  }

  async attemptsForAlert(alertId: string): Promise<DeliveryAttempt[]> {
    if (!isUuid(alertId)) return [];
    return guarded('listing delivery attempts', async () => {
      const rows = await this.db
        .select({ attempt: deliveryAttempts })
        .from(deliveryAttempts)
        .innerJoin(outbox, eq(outbox.id, deliveryAttempts.outboxId))
        .where(eq(outbox.alertId, alertId))
        .orderBy(asc(deliveryAttempts.at), asc(deliveryAttempts.attempt));
      return rows.map(({ attempt: row }) => ({
        outboxId: row.outboxId,
        attempt: row.attempt,
        at: toMs(row.at),
        ok: row.ok,
        error: row.error,
        durationMs: row.durationMs,
      }));
    });
  }

  disableChannel(channel: string, reason: string, at: number): Promise<void> {
    return guarded('disabling a channel', async () => {
      await this.db
        .insert(channelState)
        .values({ channel, disabledAt: toDate(at), reason: redactText(reason).slice(0, MAX_ERROR_LENGTH) })
        .onConflictDoNothing({ target: channelState.channel });
    });
  }

  enableChannel(channel: string): Promise<boolean> {
    return guarded('enabling a channel', async () => {
      const rows = await this.db.delete(channelState).where(eq(channelState.channel, channel)).returning({ channel: channelState.channel });
      return rows.length > 0;
    });
  }

  disabledChannels(): Promise<DisabledChannel[]> {
    return guarded('listing disabled channels', async () => {
      const rows = await this.db.select().from(channelState).orderBy(asc(channelState.channel));
      return rows.map((row) => ({ channel: row.channel, disabledAt: toMs(row.disabledAt), reason: row.reason }));
    });
  }

  private async setOutcome(id: string, changes: Partial<typeof outbox.$inferInsert>): Promise<void> {
    if (!isUuid(id)) throw notFound('outbox row', id);
    await guarded('updating an outbox row', async () => {
      const rows = await this.db.update(outbox).set(changes).where(eq(outbox.id, id)).returning({ id: outbox.id });
      if (rows.length === 0) throw notFound('outbox row', id);
    });
  }
}
