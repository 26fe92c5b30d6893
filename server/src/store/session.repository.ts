import { eq, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import type { SessionRecord, SessionRepository, UserRecord } from './ports.js';
import { toDate, toMs } from './row-mapping.js';
import { sessions, users } from './schema.js';
import { guarded, isUuid } from './store-errors.js';
import { rowToUser } from './user.repository.js';

function rowToSession(row: typeof sessions.$inferSelect): SessionRecord {
  return {
    idSha256: row.idSha256,
    userId: row.userId,
    csrfSha256: row.csrfSha256,
    createdAt: toMs(row.createdAt),
    lastSeenAt: toMs(row.lastSeenAt),
    expiresAt: toMs(row.expiresAt),
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

/** Dashboard sessions, looked up by the SHA-256 of the cookie's value. */
export class PgSessionRepository implements SessionRepository {
  constructor(private readonly db: Db) {}

  create(session: SessionRecord): Promise<void> {
    return guarded('saving a session', async () => {
      await this.db.insert(sessions).values({
        ...session,
        createdAt: toDate(session.createdAt),
        lastSeenAt: toDate(session.lastSeenAt),
        expiresAt: toDate(session.expiresAt),
      });
    });
  }

  find(idSha256: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    return guarded('reading a session', async () => {
      const [row] = await this.db.select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.idSha256, idSha256));
      return row ? { session: rowToSession(row.sessions), user: rowToUser(row.users) } : null;
    });
  }

  touch(idSha256: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    return guarded('refreshing a session', async () => {
      await this.db.update(sessions).set({ lastSeenAt: toDate(lastSeenAt), expiresAt: toDate(expiresAt) }).where(eq(sessions.idSha256, idSha256));
    });
  }

  remove(idSha256: string): Promise<void> {
    return guarded('ending a session', async () => {
      await this.db.delete(sessions).where(eq(sessions.idSha256, idSha256));
    });
  }

  removeForUser(userId: string): Promise<number> {
    if (!isUuid(userId)) return Promise.resolve(0);
    return guarded("ending a user's sessions", async () => (await this.db.delete(sessions).where(eq(sessions.userId, userId)).returning()).length);
  }

  removeExpired(now: number): Promise<number> {
    return guarded('removing expired sessions', async () => (await this.db.delete(sessions).where(lt(sessions.expiresAt, toDate(now))).returning()).length);
  }
}
