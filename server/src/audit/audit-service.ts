import type { Logger } from '../observability/logger.js';
import type { AuditRepository } from '../store/ports.js';
import { AuditChainVerifier, type AuditVerification } from './audit-chain.js';
import { readAuditHead, writeAuditHead } from './audit-head.adapter.js';
import type { AuditEntryInput, AuditLog } from './audit-log.js';

const VERIFY_PAGE = 1000;

/**
 * The audit log: appends go to the database one at a time (the repository serialises them across processes too),
 * and after each the head file under DATA_DIR is brought up to date.
 */
export class AuditService implements AuditLog {
  #tail: Promise<unknown> = Promise.resolve();
  #headSeq = 0;

  constructor(
    private readonly deps: {
      repository: AuditRepository;
      dataDir: string;
      now?: () => number;
    },
  ) {}

  record(entry: AuditEntryInput): Promise<void> {
    const next = this.#tail.then(() => this.#append(entry));
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Waits for appends in flight (shutdown, tests). */
  async drain(): Promise<void> {
    await this.#tail;
  }

  /** Verifies the whole log against the recorded head. */
  async verify(): Promise<AuditVerification> {
    await this.drain();
    return verifyAuditLog(this.deps.repository, await readAuditHead(this.deps.dataDir));
  }

  async #append(entry: AuditEntryInput): Promise<void> {
    const row = await this.deps.repository.append({
      at: entry.at ?? (this.deps.now ?? Date.now)(),
      actor: entry.actor,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
    });
    if (row.seq <= this.#headSeq) return;
    this.#headSeq = row.seq;
    await writeAuditHead(this.deps.dataDir, { seq: row.seq, sha256: row.sha256 });
  }
}

/** Reads the log page by page in seq order and verifies its chain. */
export async function verifyAuditLog(repository: Pick<AuditRepository, 'list'>, recordedHead: AuditVerification['recordedHead']): Promise<AuditVerification> {
  const verifier = new AuditChainVerifier(recordedHead);
  let after = 0;
  for (;;) {
    const rows = await repository.list(after, VERIFY_PAGE);
    for (const row of rows) verifier.push(row);
    if (rows.length < VERIFY_PAGE) break;
    after = rows.at(-1)!.seq;
  }
  return verifier.finish();
}

/** Records an entry where there is an audit log; a failure is logged, never thrown at the change it records. */
export async function recordAudit(audit: AuditLog | undefined, entry: AuditEntryInput, logger: Logger): Promise<void> {
  if (!audit) return;
  try {
    await audit.record(entry);
  } catch (error) {
    logger.error({ err: error, action: entry.action, targetType: entry.targetType, targetId: entry.targetId }, 'audit entry could not be written');
  }
}

export const SYSTEM_AUDIT_ACTOR = 'system';
