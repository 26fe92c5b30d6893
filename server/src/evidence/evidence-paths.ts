import { realpath } from 'node:fs/promises';
import { isAbsolute, posix, resolve, sep } from 'node:path';
import { invalidInput, VigilError } from '../domain/index.js';

/**
 * Evidence lives under DATA_DIR as `evidence/<yyyy-mm-dd>/<alertId>/{snapshot.jpg,clip.mp4}`, the day being the
 * UTC date of the alert's onset, so retention can drop whole days. Paths stored in the database are relative to
 * DATA_DIR, with forward slashes.
 */
export const EVIDENCE_ROOT = 'evidence';
export const SNAPSHOT_FILE = 'snapshot.jpg';
export const CLIP_FILE = 'clip.mp4';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The UTC day of an epoch-ms time, as `yyyy-mm-dd`. */
export function evidenceDay(ts: number): string {
  if (!Number.isFinite(ts)) throw invalidInput('evidence time must be epoch milliseconds');
  return new Date(ts).toISOString().slice(0, 10);
}

/** Whether a folder name is a real `yyyy-mm-dd` day (as evidenceDay writes them). */
export function isEvidenceDay(name: string): boolean {
  if (!DAY.test(name)) return false;
  const ms = Date.parse(`${name}T00:00:00Z`);
  return Number.isFinite(ms) && evidenceDay(ms) === name;
}

/** `evidence/<day>/<alertId>`, relative to DATA_DIR. */
export function alertEvidenceDir(alertId: string, onsetTs: number): string {
  if (!SAFE_NAME.test(alertId)) throw invalidInput(`alert id ${JSON.stringify(alertId)} cannot name a folder`);
  return posix.join(EVIDENCE_ROOT, evidenceDay(onsetTs), alertId);
}

export const snapshotRelativePath = (alertId: string, onsetTs: number): string =>
  posix.join(alertEvidenceDir(alertId, onsetTs), SNAPSHOT_FILE);

export const clipRelativePath = (alertId: string, onsetTs: number): string =>
  posix.join(alertEvidenceDir(alertId, onsetTs), CLIP_FILE);

const escaping = (relativePath: string) =>
  new VigilError('forbidden', `path ${JSON.stringify(relativePath)} is outside the data directory`);

/**
 * The absolute path of `relativePath` under `dataDir`. Refuses absolute paths, `..` escapes and NUL bytes.
 * This is lexical; use resolveExistingInDataDir for a file that exists, to refuse symlinks that lead out too.
 */
export function resolveInDataDir(dataDir: string, relativePath: string): string {
  if (relativePath.length === 0 || relativePath.includes('\0') || isAbsolute(relativePath)) throw escaping(relativePath);
  const root = resolve(dataDir);
  const target = resolve(root, relativePath);
  if (target === root || !target.startsWith(root + sep)) throw escaping(relativePath);
  return target;
}

/** Like resolveInDataDir, following symlinks: the real file must lie under the real data directory. */
export async function resolveExistingInDataDir(dataDir: string, relativePath: string): Promise<string> {
  const lexical = resolveInDataDir(dataDir, relativePath);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new VigilError('not_found', `evidence file ${relativePath} not found`);
    throw error;
  }
  const root = await realpath(resolve(dataDir));
  if (!real.startsWith(root + sep)) throw escaping(relativePath);
  return real;
}
