import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { conflict, notFound } from '../domain/index.js';
import type { Db } from './db.js';
import type { NewUser, UserChanges, UserRecord, UserRepository, UserRole } from './ports.js';
import { toDateOrNull, toMs, toMsOrNull } from './row-mapping.js';
import { users } from './schema.js';
import { guarded, isUuid, sqlState, storeError, UNIQUE_VIOLATION } from './store-errors.js';

type UserRow = typeof users.$inferSelect;

export function rowToUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    passwordHash: row.passwordHash,
    role: row.role as UserRole,
    cameras: row.cameras ?? null,
    disabledAt: toMsOrNull(row.disabledAt),
    createdAt: toMs(row.createdAt),
    updatedAt: toMs(row.updatedAt),
  };
}

/** Users; sessions and API tokens go with them (foreign keys cascade). Errors never quote a password hash. */
export class PgUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<UserRecord[]> {
    return guarded('listing users', async () => (await this.db.select().from(users).orderBy(asc(users.username))).map(rowToUser));
  }

  get(id: string): Promise<UserRecord | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return guarded('reading a user', async () => {
      const [row] = await this.db.select().from(users).where(eq(users.id, id));
      return row ? rowToUser(row) : null;
    });
  }

  byUsername(username: string): Promise<UserRecord | null> {
    return guarded('reading a user', async () => {
      const [row] = await this.db.select().from(users).where(eq(users.username, username));
      return row ? rowToUser(row) : null;
    });
  }

  count(): Promise<number> {
    return guarded('counting users', async () => (await this.db.select({ n: count() }).from(users))[0]?.n ?? 0);
  }

  countEnabledAdmins(): Promise<number> {
    return guarded('counting admins', async () => {
      const [row] = await this.db.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), isNull(users.disabledAt)));
      return row?.n ?? 0;
    });
  }

  async insert(user: NewUser): Promise<UserRecord> {
    try {
      const [row] = await this.db.insert(users).values(user).returning();
      return rowToUser(row!);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw conflict(`user ${user.username} already exists`);
      throw storeError(error, 'adding a user');
    }
  }

  insertFirst(user: NewUser): Promise<UserRecord | null> {
    return guarded('adding the first admin', async () => {
      // One statement, so two starts (or two setup requests) cannot both create a first admin.
      const result = (await this.db.execute(sql`
        insert into ${users} (username, display_name, password_hash, role, cameras)
        select ${user.username}, ${user.displayName}, ${user.passwordHash}, ${user.role}, ${user.cameras === null ? null : JSON.stringify(user.cameras)}::jsonb
        where not exists (select 1 from ${users})
        returning id`)) as unknown as { rows: { id: string }[] };
      const id = result.rows[0]?.id;
      return id ? this.get(id) : null;
    });
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord> {
    if (!isUuid(id)) throw notFound('user', id);
    return guarded('updating a user', async () => {
      const { disabledAt, ...rest } = changes;
      const [row] = await this.db
        .update(users)
        .set({ ...rest, ...(disabledAt !== undefined ? { disabledAt: toDateOrNull(disabledAt) } : {}), updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning();
      if (!row) throw notFound('user', id);
      return rowToUser(row);
    });
  }

  remove(id: string): Promise<boolean> {
    if (!isUuid(id)) return Promise.resolve(false);
    return guarded('removing a user', async () => (await this.db.delete(users).where(eq(users.id, id)).returning({ id: users.id })).length > 0);
  }
}
