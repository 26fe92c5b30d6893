import { resolve } from 'node:path';
import { parseEnv } from '../config/index.js';
import { VigilError } from '../domain/index.js';
import { openDatabase, storeOn } from '../store/create-store.js';
import { readAuditHead } from './audit-head.adapter.js';
import { verifyAuditLog } from './audit-service.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `npm run audit:verify`: verifies the audit log's hash chain in the database (DATABASE_URL, or the embedded one
 * under DATA_DIR) against DATA_DIR/audit-head.json. 0: intact; 1: broken (the first broken link is named);
 * 2: it could not be checked.
 */
export async function runAuditVerify(rawEnv: Record<string, string | undefined>, io: CliOutput): Promise<number> {
  let env;
  try {
    env = parseEnv(rawEnv);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const dataDir = resolve(env.DATA_DIR);
  let database;
  try {
    database = await openDatabase({ dataDir, ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
  } catch (error) {
    io.err(`audit:verify: ${(error as Error).message}`);
    if (!env.DATABASE_URL && error instanceof VigilError && error.code === 'unavailable') {
      io.err('Vigil holds the embedded database while it runs; ask it instead: GET /api/audit/verify, e.g.');
      io.err('  curl -H "Authorization: Bearer $VIGIL_API_TOKEN" http://localhost:8080/api/audit/verify');
    }
    return 2;
  }
  try {
    const result = await verifyAuditLog(storeOn(database).audit, await readAuditHead(dataDir));
    const head = result.head ? `row ${result.head.seq} (${result.head.sha256})` : 'none';
    const recorded = result.recordedHead ? `row ${result.recordedHead.seq}` : `none (no ${dataDir}/audit-head.json)`;
    if (result.problem) {
      io.err(`audit log BROKEN: ${result.problem.message}`);
      io.err(`  first broken link: row ${result.problem.seq} (${result.problem.kind}); ${result.rows} rows read; last row ${head}; recorded head ${recorded}`);
      return 1;
    }
    io.out(`audit log intact: ${result.rows} rows; last row ${head}; recorded head ${recorded}`);
    return 0;
  } catch (error) {
    io.err(`audit:verify: ${(error as Error).message}`);
    return 2;
  } finally {
    await database.close();
  }
}
