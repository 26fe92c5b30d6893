import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The drizzle query API both drivers (PGlite, node-postgres) share; repositories are written against it. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** A database handle that runs `fn` in one transaction (a Db, or a transaction started from one). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: the drizzle handle plus what the driver needs to migrate, probe and close. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Db;
  /** Applies pending migrations from `migrationsFolder`; a no-op when all are applied. */
  migrate(migrationsFolder: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
