import { invalidInput } from '../domain/index.js';
import { writeFileAtomic } from './atomic-file.js';
import { resolveInDataDir, snapshotRelativePath } from './evidence-paths.js';
import { sha256Hex } from './hash.js';

export interface WrittenEvidence {
  /** Relative to DATA_DIR. */
  path: string;
  bytes: number;
  sha256: string;
}

const isJpeg = (data: Buffer): boolean => data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;

/** Writes an alert's snapshot to `<dataDir>/evidence/<day of onset>/<alertId>/snapshot.jpg`, atomically. */
export async function writeSnapshot(input: { dataDir: string; alertId: string; onsetTs: number; jpeg: Buffer }): Promise<WrittenEvidence> {
  if (!isJpeg(input.jpeg)) throw invalidInput('snapshot is not a JPEG image');
  const path = snapshotRelativePath(input.alertId, input.onsetTs);
  await writeFileAtomic(resolveInDataDir(input.dataDir, path), input.jpeg);
  return { path, bytes: input.jpeg.length, sha256: sha256Hex(input.jpeg) };
}
