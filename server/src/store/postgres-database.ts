import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { redactText, redactUrl, urlSecrets, VigilError } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import type { Database, Db } from './db.js';

/** Serialises migrations when several Vigil processes (edge and api roles) start against one database. */
const MIGRATION_LOCK_KEY = 7_318_421_903;

/** A Postgres server through a node-postgres pool. Fails fast, with the URL redacted, when it cannot connect. */
export async function openPostgresDatabase(options: {
  databaseUrl: string;
  logger?: Logger;
  poolSize?: number;
}): Promise<Database> {
  const secrets = urlSecrets(options.databaseUrl);
  const where = redactUrl(options.databaseUrl);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', (error) => options.logger?.warn({ err: redactText(error.message, secrets) }, 'postgres connection lost'));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new VigilError('unavailable', `Cannot connect to Postgres at ${where}: ${redactText(reason, secrets)}`);
  }
  const db = drizzle({ client: pool });
  let closed = false;
  return {
    kind: 'postgres',
    db: db as unknown as Db,
    migrate: async (migrationsFolder) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        try {
          await migrate(drizzle({ client }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        }
      } finally {
        client.release();
      }
    },
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
