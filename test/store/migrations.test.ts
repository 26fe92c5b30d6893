import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigilError } from '../../server/src/domain/index.js';
import { createStore, DEFAULT_MIGRATIONS_FOLDER, openDatabase } from '../../server/src/store/create-store.js';
import { LOCK_STALE_MS } from '../../server/src/store/data-dir-lock.js';
import { makeCamera } from './fixtures.js';
import { rawRows, storeTargets, type StoreTarget } from './store-targets.js';

async function journalEntries(): Promise<number> {
  const journal = JSON.parse(await readFile(join(DEFAULT_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

describe.each(storeTargets)('migrations on $name', (target: StoreTarget) => {
  let prepared: Awaited<ReturnType<StoreTarget['prepare']>>;
  beforeAll(async () => {
    prepared = await target.prepare();
  });
  afterAll(async () => {
    await prepared.cleanup();
  });

  it('apply once, then again as a no-op, and the schema is there', async () => {
    const database = await openDatabase(prepared.options);
    try {
      await database.migrate(DEFAULT_MIGRATIONS_FOLDER);
      await database.migrate(DEFAULT_MIGRATIONS_FOLDER);
      const applied = await rawRows(database, 'select hash from drizzle.__drizzle_migrations');
      expect(applied).toHaveLength(await journalEntries());
      const tables = await rawRows(
        database,
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'alert_escalations', 'alert_events', 'alerts', 'api_tokens', 'audit_log', 'cameras', 'channel_state', 'delivery_attempts',
        'evidence', 'evidence_holds', 'outbox', 'publish_tokens', 'sessions', 'users', 'zone_overrides',
      ]);
    } finally {
      await database.close();
    }
  });

  it('keeps data across a restart that migrates again', async () => {
    const first = await createStore(prepared.options);
    await first.cameras.insert(makeCamera({ id: 'restart-cam' }));
    await first.close();
    const second = await createStore(prepared.options);
    try {
      expect((await second.cameras.get('restart-cam'))?.name).toBe('Loading dock 1');
      expect(await second.ping()).toBe(true);
      expect(second.kind).toBe(target.name);
    } finally {
      await second.close();
    }
  });

  it.runIf(target.name === 'postgres')('lets two processes starting at once migrate a fresh database', async () => {
    const fresh = await target.prepare();
    try {
      const stores = await Promise.all([createStore(fresh.options), createStore(fresh.options)]);
      await Promise.all(stores.map((store) => store.close()));
      const database = await openDatabase(fresh.options);
      const applied = await rawRows(database, 'select hash from drizzle.__drizzle_migrations').finally(() => database.close());
      expect(applied).toHaveLength(await journalEntries());
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('embedded database ownership', () => {
  let prepared: Awaited<ReturnType<StoreTarget['prepare']>>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    prepared = await storeTargets[0]!.prepare();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await prepared.cleanup();
  });

  it('refuses a second opener of the same data directory, naming the holder', async () => {
    const store = await createStore(prepared.options);
    try {
      const second = createStore(prepared.options);
      await expect(second).rejects.toBeInstanceOf(VigilError);
      await expect(second).rejects.toMatchObject({ code: 'unavailable' });
      await expect(second).rejects.toThrow(new RegExp(`in use by process ${process.pid}.*one process per data directory`));
    } finally {
      await store.close();
    }
    // Released on close: the next opener gets in.
    const again = await createStore(prepared.options);
    await again.close();
  });

  it('refuses while another live process holds the lock, and takes over a stale one', async () => {
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(holder);
    const lockPath = join(prepared.options.dataDir, 'pgdata.lock');
    await writeFile(lockPath, JSON.stringify({ pid: holder.pid, host: hostname(), token: 'x', since: 'then' }));
    await expect(createStore(prepared.options)).rejects.toThrow(`in use by process ${holder.pid}`);

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const store = await createStore(prepared.options);
    await store.close();
  });

  it('takes over a lock left by an earlier process with the same pid (a restarted container)', async () => {
    const lockPath = join(prepared.options.dataDir, 'pgdata.lock');
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), token: 'old', since: 'then' }));
    const store = await createStore(prepared.options);
    await store.close();
  });

  it('respects a fresh lock from another host and takes over one whose heartbeat stopped', async () => {
    const lockPath = join(prepared.options.dataDir, 'pgdata.lock');
    await writeFile(lockPath, JSON.stringify({ pid: 1, host: 'other-box', token: 'x', since: 'then' }));
    await expect(createStore(prepared.options)).rejects.toThrow('in use by process 1 on other-box');
    const longAgo = new Date(Date.now() - LOCK_STALE_MS - 5000);
    await utimes(lockPath, longAgo, longAgo);
    const store = await createStore(prepared.options);
    await store.close();
  });
});

describe('postgres connection failures', () => {
  it('say where (without the password) and why', async () => {
    const attempt = createStore({ dataDir: '/nonexistent', databaseUrl: 'postgres://vigil:hunter22@127.0.0.1:1/vigil' });
    await expect(attempt).rejects.toMatchObject({ code: 'unavailable' });
    const error = (await attempt.catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('postgres://***@127.0.0.1:1/vigil');
    expect(error.message).not.toContain('hunter22');
  });
});
