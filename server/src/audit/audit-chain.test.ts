import { describe, expect, it } from 'vitest';
import { auditRowHash, chainRow, GENESIS_SHA256, verifyAuditChain, type AuditRow } from './audit-chain.js';

function chain(length: number): AuditRow[] {
  const rows: AuditRow[] = [];
  for (let i = 0; i < length; i++) {
    const previous = rows.at(-1) ?? null;
    rows.push(chainRow(previous, { at: 1_700_000_000_000 + i * 1000, actor: 'user:ana', action: 'alert.ack', targetType: 'alert', targetId: `a${i}`, details: { n: i } }));
  }
  return rows;
}

const headOf = (row: AuditRow) => ({ seq: row.seq, sha256: row.sha256 });

describe('audit chain', () => {
  it('links each row to the one before, starting from 64 zeros', () => {
    const rows = chain(3);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevSha256).toBe(GENESIS_SHA256);
    expect(rows[1]!.prevSha256).toBe(rows[0]!.sha256);
    expect(rows[0]!.sha256).toBe(auditRowHash(GENESIS_SHA256, rows[0]!));
    expect(verifyAuditChain(rows, headOf(rows[2]!))).toEqual({ ok: true, rows: 3, head: headOf(rows[2]!), recordedHead: headOf(rows[2]!) });
  });

  it('hashes the same fields the same whatever the key order of details', () => {
    const fields = { seq: 1, at: 0, actor: 'system', action: 'x', targetType: 't', targetId: null };
    expect(auditRowHash(GENESIS_SHA256, { ...fields, details: { a: 1, b: 2 } })).toBe(auditRowHash(GENESIS_SHA256, { ...fields, details: { b: 2, a: 1 } }));
  });

  it('names an edited row', () => {
    const rows = chain(4);
    rows[1] = { ...rows[1]!, details: { n: 99 } };
    expect(verifyAuditChain(rows, null).problem).toMatchObject({ kind: 'edited', seq: 2 });
  });

  it('names the row after one that was edited and re-hashed', () => {
    const rows = chain(4);
    const edited = { ...rows[1]!, actor: 'user:mallory' };
    rows[1] = { ...edited, sha256: auditRowHash(edited.prevSha256, edited) };
    expect(verifyAuditChain(rows, null).problem).toMatchObject({ kind: 'unlinked', seq: 3 });
  });

  it('names removed rows in the middle and at the start', () => {
    const rows = chain(5);
    expect(verifyAuditChain([rows[0]!, rows[1]!, rows[3]!, rows[4]!], null).problem).toMatchObject({ kind: 'missing', seq: 4, message: 'row 3 is missing before row 4' });
    expect(verifyAuditChain(rows.slice(2), null).problem).toMatchObject({ kind: 'missing', seq: 3, message: 'rows 1–2 are missing before row 3' });
  });

  it('sees a removed tail only through the recorded head', () => {
    const rows = chain(5);
    const tail = headOf(rows[4]!);
    expect(verifyAuditChain(rows.slice(0, 3), null).ok).toBe(true);
    expect(verifyAuditChain(rows.slice(0, 3), tail).problem).toMatchObject({ kind: 'truncated', seq: 5 });
    expect(verifyAuditChain([], tail).problem).toMatchObject({ kind: 'truncated', message: expect.stringContaining('is empty') });
  });

  it('names a log rewritten under the recorded head', () => {
    const rows = chain(3);
    const rewritten = chain(3);
    rewritten[2] = chainRow(rewritten[1]!, { at: 5, actor: 'system', action: 'other', targetType: 't', targetId: null, details: {} });
    expect(verifyAuditChain(rewritten, headOf(rows[2]!)).problem).toMatchObject({ kind: 'head_mismatch', seq: 3 });
  });
});
