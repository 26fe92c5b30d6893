import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStore, openDatabase, type StoreOptions } from '../../server/src/store/create-store.js';
import type { Database } from '../../server/src/store/db.js';
import type { Store } from '../../server/src/store/ports.js';

/** Where a test file runs its store: always PGlite; a fresh Postgres database too when TEST_DATABASE_URL is set. */
export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** Options for a fresh, empty database; `cleanup` drops it. */
  prepare(): Promise<{ options: StoreOptions; cleanup: () => Promise<void> }>;
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const pgliteTarget: StoreTarget = {
  name: 'pglite',
  async prepare() {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-store-'));
    return { options: { dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  },
};

function postgresTarget(serverUrl: string): StoreTarget {
  return {
    name: 'postgres',
    async prepare() {
      const name = `vigil_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(serverUrl, `create database ${name}`);
      const dataDir = await mkdtemp(join(tmpdir(), 'vigil-store-'));
      return {
        options: { dataDir, databaseUrl: withDatabase(serverUrl, name) },
        cleanup: async () => {
          await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const storeTargets: StoreTarget[] = process.env.TEST_DATABASE_URL
  ? [pgliteTarget, postgresTarget(process.env.TEST_DATABASE_URL)]
  : [pgliteTarget];

/** A migrated store on a fresh database, and its teardown. */
export async function freshStore(target: StoreTarget): Promise<{ store: Store; options: StoreOptions; dispose: () => Promise<void> }> {
  const { options, cleanup } = await target.prepare();
  const store = await createStore(options);
  return {
    store,
    options,
    dispose: async () => {
      await store.close();
      await cleanup();
    },
  };
}

/** Runs raw SQL on an open database (introspection in tests). */
export async function rawRows(database: Database, text: string): Promise<Record<string, unknown>[]> {
  const result = (await database.db.execute(text)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

export { openDatabase };
