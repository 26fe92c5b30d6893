import { afterEach, describe, expect, it } from 'vitest';
import { AuditService } from '../../server/src/audit/audit-service.js';
import { readAuditHead } from '../../server/src/audit/audit-head.adapter.js';
import { runAuditVerify } from '../../server/src/audit/audit-verify-cli.adapter.js';
import { createStore, openDatabase } from '../../server/src/store/create-store.js';
import type { StoreOptions } from '../../server/src/store/create-store.js';
import { rawRows, storeTargets, type StoreTarget } from '../store/store-targets.js';

const ENTRIES = 6;

/** A fresh database with ENTRIES audit rows (and the head file), closed again so the CLI can open it. */
async function seeded(target: StoreTarget): Promise<{ options: StoreOptions; cleanup: () => Promise<void> }> {
  const { options, cleanup } = await target.prepare();
  const store = await createStore(options);
  const audit = new AuditService({ repository: store.audit, dataDir: options.dataDir });
  await Promise.all(
    Array.from({ length: ENTRIES }, (_, i) =>
      audit.record({ actor: 'user:ana', action: 'camera.update', targetType: 'camera', targetId: `cam-${i}`, details: { changed: ['name'], n: i } }),
    ),
  );
  await store.close();
  return { options, cleanup };
}

async function sql(options: StoreOptions, text: string): Promise<Record<string, unknown>[]> {
  const database = await openDatabase(options);
  try {
    return await rawRows(database, text);
  } finally {
    await database.close();
  }
}

async function cli(options: StoreOptions): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { DATA_DIR: options.dataDir, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) };
  const code = await runAuditVerify(env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(storeTargets)('audit log on $name', (target: StoreTarget) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });
  const prepare = async () => {
    const site = await seeded(target);
    cleanups.push(site.cleanup);
    return site.options;
  };

  it('numbers concurrent appends without gaps and verifies intact, with the head recorded', async () => {
    const options = await prepare();
    const rows = await sql(options, 'select seq, prev_sha256, sha256 from audit_log order by seq');
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.prev_sha256).toBe('0'.repeat(64));
    expect(await readAuditHead(options.dataDir)).toEqual({ seq: 6, sha256: rows[5]!.sha256 });
    const result = await cli(options);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('audit log intact: 6 rows');
  });

  it('names a row whose details were changed', async () => {
    const options = await prepare();
    await sql(options, `update audit_log set details = '{"changed":["url"],"n":2}' where seq = 3`);
    const result = await cli(options);
    expect(result.code).toBe(1);
    expect(result.err).toContain('row 3 was changed after it was written');
  });

  it('names a removed middle row', async () => {
    const options = await prepare();
    await sql(options, 'delete from audit_log where seq = 4');
    const result = await cli(options);
    expect(result.code).toBe(1);
    expect(result.err).toContain('row 4 is missing before row 5');
  });

  it('names a removed last row through the recorded head', async () => {
    const options = await prepare();
    await sql(options, 'delete from audit_log where seq = 6');
    const result = await cli(options);
    expect(result.code).toBe(1);
    expect(result.err).toContain('the log ends at row 5, but row 6 was written');
  });

  // PGlite has one connection per data directory; Postgres shows the advisory lock at work.
  it.runIf(target.name === 'postgres')('serialises appends from two connections', async () => {
    const options = await prepare();
    const [a, b] = [await createStore(options), await createStore(options)];
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).audit.append({ at: Date.now(), actor: 'system', action: 'x', targetType: 't', targetId: null, details: { i } })));
    } finally {
      await a.close();
      await b.close();
    }
    const rows = await sql(options, 'select seq from audit_log order by seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: ENTRIES + 20 }, (_, i) => i + 1));
    // The head file is this process's AuditService's; rows appended past it are fine.
    expect((await cli(options)).code).toBe(0);
  });
});

describe('audit:verify beside a running Vigil on PGlite', () => {
  it('says the server holds the database and points to the API', async () => {
    const target = storeTargets.find((t) => t.name === 'pglite')!;
    const { options, cleanup } = await target.prepare();
    const store = await createStore(options);
    try {
      const result = await cli(options);
      expect(result.code).toBe(2);
      expect(result.err).toContain('GET /api/audit/verify');
    } finally {
      await store.close();
      await cleanup();
    }
  });
});
