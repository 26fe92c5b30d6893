import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VigilError } from '../domain/index.js';
import { writeFileAtomic } from '../evidence/atomic-file.js';
import type { AuditHead } from './audit-chain.js';

/** `DATA_DIR/audit-head.json`: the latest row this Vigil appended, so rows removed from the log's end show. */
export const AUDIT_HEAD_FILE = 'audit-head.json';

export const auditHeadPath = (dataDir: string): string => join(dataDir, AUDIT_HEAD_FILE);

/** The recorded head; null when none was written yet. A damaged file is an error, not an empty log. */
export async function readAuditHead(dataDir: string): Promise<AuditHead | null> {
  let text: string;
  try {
    text = await readFile(auditHeadPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = safeParse(text) as Partial<AuditHead> | null;
  if (!parsed || !Number.isSafeInteger(parsed.seq) || typeof parsed.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.sha256)) {
    throw new VigilError('internal', `${auditHeadPath(dataDir)} is damaged: it must hold { "seq": N, "sha256": "<hex>" }`);
  }
  return { seq: parsed.seq!, sha256: parsed.sha256 };
}

export async function writeAuditHead(dataDir: string, head: AuditHead): Promise<void> {
  await writeFileAtomic(auditHeadPath(dataDir), Buffer.from(`${JSON.stringify({ seq: head.seq, sha256: head.sha256 })}\n`));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
