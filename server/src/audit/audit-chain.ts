import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** One stored audit row; `at` is epoch ms. */
export interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  prevSha256: string;
  sha256: string;
}

export type AuditFields = Omit<AuditRow, 'prevSha256' | 'sha256'>;

/** The latest row Vigil appended, kept outside the database so a removed tail shows. */
export interface AuditHead {
  seq: number;
  sha256: string;
}

/** What the first row follows. */
export const GENESIS_SHA256 = '0'.repeat(64);

/** SHA-256 (hex) over the previous row's hash and the canonical JSON of this row's fields. */
export function auditRowHash(prevSha256: string, row: AuditFields): string {
  const fields = {
    seq: row.seq,
    at: new Date(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    details: row.details,
  };
  return createHash('sha256').update(prevSha256).update(canonicalJson(fields)).digest('hex');
}

export type AuditProblemKind = 'edited' | 'missing' | 'unlinked' | 'truncated' | 'head_mismatch';

export interface AuditProblem {
  kind: AuditProblemKind;
  /** The row where the chain breaks (for 'truncated': the last row the head file says exists). */
  seq: number;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Rows read. */
  rows: number;
  /** The last row of the log; null when it is empty. */
  head: AuditHead | null;
  /** The head file's record of the latest append; null when there is none. */
  recordedHead: AuditHead | null;
  problem?: AuditProblem;
}

/**
 * Walks audit rows in seq order (fed in pages) and keeps the first broken link: an edited row (its hash does not
 * match its fields), removed rows (a gap in seq), a row that does not follow the one before (prev hash), and, at
 * the end, a log that stops before the recorded head or disagrees with it.
 */
export class AuditChainVerifier {
  #rows = 0;
  #last: AuditHead | null = null;
  #problem: AuditProblem | null = null;

  constructor(private readonly recordedHead: AuditHead | null) {}

  push(row: AuditRow): void {
    this.#rows += 1;
    if (!this.#problem) this.#problem = this.#check(row);
    this.#last = { seq: row.seq, sha256: row.sha256 };
  }

  finish(): AuditVerification {
    const problem = this.#problem ?? this.#checkHead();
    return {
      ok: problem === null,
      rows: this.#rows,
      head: this.#last,
      recordedHead: this.recordedHead,
      ...(problem ? { problem } : {}),
    };
  }

  #check(row: AuditRow): AuditProblem | null {
    const expectedSeq = this.#last ? this.#last.seq + 1 : 1;
    if (row.seq !== expectedSeq) {
      const missing = row.seq - 1 === expectedSeq ? `row ${expectedSeq} is` : `rows ${expectedSeq}–${row.seq - 1} are`;
      return { kind: 'missing', seq: row.seq, message: `${missing} missing before row ${row.seq}` };
    }
    if (auditRowHash(row.prevSha256, row) !== row.sha256) {
      return { kind: 'edited', seq: row.seq, message: `row ${row.seq} was changed after it was written (its hash does not match)` };
    }
    const expectedPrev = this.#last?.sha256 ?? GENESIS_SHA256;
    if (row.prevSha256 !== expectedPrev) {
      const before = this.#last ? `row ${this.#last.seq}` : 'the start of the log';
      return { kind: 'unlinked', seq: row.seq, message: `row ${row.seq} does not follow ${before} (a row was replaced or removed)` };
    }
    if (this.recordedHead && row.seq === this.recordedHead.seq && row.sha256 !== this.recordedHead.sha256) {
      return { kind: 'head_mismatch', seq: row.seq, message: `row ${row.seq} differs from the recorded head (the log was rewritten)` };
    }
    return null;
  }

  #checkHead(): AuditProblem | null {
    const head = this.recordedHead;
    if (!head) return null;
    const lastSeq = this.#last?.seq ?? 0;
    if (lastSeq >= head.seq) return null;
    const ends = this.#last ? `ends at row ${lastSeq}` : 'is empty';
    return { kind: 'truncated', seq: head.seq, message: `the log ${ends}, but row ${head.seq} was written (rows were removed from its end)` };
  }
}

/** Verifies a whole log held in memory. */
export function verifyAuditChain(rows: readonly AuditRow[], recordedHead: AuditHead | null): AuditVerification {
  const verifier = new AuditChainVerifier(recordedHead);
  for (const row of rows) verifier.push(row);
  return verifier.finish();
}

/** The next row after `previous` (null: the first row), hashed. */
export function chainRow(previous: AuditHead | null, fields: Omit<AuditFields, 'seq'>): AuditRow {
  const seq = previous ? previous.seq + 1 : 1;
  const prevSha256 = previous?.sha256 ?? GENESIS_SHA256;
  const row = { ...fields, seq };
  return { ...row, prevSha256, sha256: auditRowHash(prevSha256, row) };
}
