import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './db.js';
import type { ApiTokenRecord, ApiTokenRepository, UserRecord } from './ports.js';
import { toDate, toDateOrNull, toMs, toMsOrNull } from './row-mapping.js';
import { apiTokens, users } from './schema.js';
import { guarded, isUuid } from './store-errors.js';
import { rowToUser } from './user.repository.js';

function rowToToken(row: typeof apiTokens.$inferSelect, username: string): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    username,
    name: row.name,
    scopes: row.scopes,
    createdAt: toMs(row.createdAt),
    expiresAt: toMsOrNull(row.expiresAt),
    lastUsedAt: toMsOrNull(row.lastUsedAt),
    revokedAt: toMsOrNull(row.revokedAt),
  };
}

/** API tokens of users, found by the SHA-256 of the secret (the secret itself is never stored). */
export class PgApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: Db) {}

  create(input: { userId: string; name: string; tokenSha256: string; scopes: string[]; expiresAt: number | null; createdAt: number }): Promise<ApiTokenRecord> {
    return guarded('saving an API token', async () => {
      const [row] = await this.db
        .insert(apiTokens)
        .values({ ...input, expiresAt: toDateOrNull(input.expiresAt), createdAt: toDate(input.createdAt) })
        .returning();
      return (await this.get(row!.id))!;
    });
  }

  findByHash(tokenSha256: string): Promise<{ token: ApiTokenRecord; user: UserRecord } | null> {
    return guarded('reading an API token', async () => {
      const [row] = await this.db.select().from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).where(eq(apiTokens.tokenSha256, tokenSha256));
      return row ? { token: rowToToken(row.api_tokens, row.users.username), user: rowToUser(row.users) } : null;
    });
  }

  get(id: string): Promise<ApiTokenRecord | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return guarded('reading an API token', async () => {
      const [row] = await this.db
        .select({ token: apiTokens, username: users.username })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(eq(apiTokens.id, id));
      return row ? rowToToken(row.token, row.username) : null;
    });
  }

  list(userId?: string): Promise<ApiTokenRecord[]> {
    if (userId !== undefined && !isUuid(userId)) return Promise.resolve([]);
    return guarded('listing API tokens', async () => {
      const rows = await this.db
        .select({ token: apiTokens, username: users.username })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
        .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
      return rows.map((row) => rowToToken(row.token, row.username));
    });
  }

  markUsed(id: string, at: number): Promise<void> {
    return guarded('recording an API token use', async () => {
      await this.db.update(apiTokens).set({ lastUsedAt: toDate(at) }).where(eq(apiTokens.id, id));
    });
  }

  revoke(id: string, at: number): Promise<ApiTokenRecord | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return guarded('revoking an API token', async () => {
      await this.db.update(apiTokens).set({ revokedAt: toDate(at) }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
      return this.get(id);
    });
  }
}
