import { fileURLToPath } from 'node:url';
import { redactText, VigilError } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';
import { PgAlertRepository } from './alert.repository.js';
import { PgAuditRepository } from './audit.repository.js';
import { PgApiTokenRepository } from './api-token.repository.js';
import { PgCameraRepository } from './camera.repository.js';
import type { Database } from './db.js';
import { PgEscalationRepository } from './escalation.repository.js';
import { PgEvidenceHoldRepository } from './evidence-hold.repository.js';
import { PgEvidenceRepository } from './evidence.repository.js';
import { PgOutboxRepository } from './outbox.repository.js';
import { PgRetentionRepository } from './retention.repository.js';
import { openPgliteDatabase } from './pglite-database.js';
import type { Store } from './ports.js';
import { openPostgresDatabase } from './postgres-database.js';
import { PgSessionRepository } from './session.repository.js';
import { PgUserRepository } from './user.repository.js';

/** The SQL migrations shipped with Vigil (repo root `migrations/`). */
export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface StoreOptions {
  /** A Postgres URL; unset → embedded PGlite under `<dataDir>/pgdata`. */
  databaseUrl?: string;
  dataDir: string;
  logger?: Logger;
  /** PGlite only: keep the database in memory (tests, throwaway runs); nothing is written under dataDir. */
  inMemory?: boolean;
  migrationsFolder?: string;
}

/** Opens the database for the configured driver (no migrations). */
export function openDatabase(options: StoreOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgresDatabase({ databaseUrl: options.databaseUrl, ...(options.logger ? { logger: options.logger } : {}) })
    : openPgliteDatabase({ dataDir: options.dataDir, inMemory: options.inMemory ?? false });
}

/** Opens the database, applies pending migrations (forward only) and returns the repositories. */
export async function createStore(options: StoreOptions): Promise<Store> {
  const database = await openDatabase(options);
  try {
    await database.migrate(options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER);
  } catch (error) {
    await database.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new VigilError('unavailable', `Migrating the ${database.kind} database failed: ${redactText(reason)}`);
  }
  options.logger?.info({ kind: database.kind }, 'store ready');
  return storeOn(database);
}

/** The repositories over an open, migrated database. */
export function storeOn(database: Database): Store {
  const { db } = database;
  return {
    kind: database.kind,
    cameras: new PgCameraRepository(db),
    alerts: new PgAlertRepository(db),
    evidence: new PgEvidenceRepository(db),
    outbox: new PgOutboxRepository(db),
    escalations: new PgEscalationRepository(db),
    retention: new PgRetentionRepository(db),
    audit: new PgAuditRepository(db),
    holds: new PgEvidenceHoldRepository(db),
    users: new PgUserRepository(db),
    sessions: new PgSessionRepository(db),
    apiTokens: new PgApiTokenRepository(db),
    ping: () => database.ping(),
    close: () => database.close(),
  };
}
