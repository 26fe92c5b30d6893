import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { VigilError } from '../domain/index.js';
import { lockDataDir } from './data-dir-lock.js';
import type { Database, Db } from './db.js';

/**
 * Embedded Postgres (PGlite) under `<dataDir>/pgdata`, or in memory. On disk it holds a lock file beside the
 * directory so a second process is refused with a clear message instead of corrupting the database.
 */
export async function openPgliteDatabase(options: { dataDir: string; inMemory?: boolean }): Promise<Database> {
  const directory = join(options.dataDir, 'pgdata');
  let lock: Awaited<ReturnType<typeof lockDataDir>> | null = null;
  let client: PGlite;
  if (options.inMemory) {
    client = await PGlite.create();
  } else {
    await mkdir(options.dataDir, { recursive: true });
    lock = await lockDataDir(join(options.dataDir, 'pgdata.lock'), directory);
    try {
      client = await PGlite.create(directory);
    } catch (error) {
      await lock.release();
      const reason = error instanceof Error ? error.message : String(error);
      throw new VigilError('unavailable', `Cannot open the embedded database in ${directory}: ${reason}`);
    }
  }
  const db = drizzle({ client });
  let closed = false;
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    migrate: (migrationsFolder) => migrate(db, { migrationsFolder }),
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
