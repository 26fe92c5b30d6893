import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { evidenceDay, EVIDENCE_ROOT, isEvidenceDay } from './evidence-paths.js';

/** One alert's evidence folder, `evidence/<day>/<alertId>/`, as found on disk. */
export interface EvidenceFolder {
  day: string;
  alertId: string;
  bytes: number;
  /** Newest modification time of the folder or a file in it (epoch ms). */
  modifiedAt: number;
}

async function measure(path: string): Promise<{ bytes: number; modifiedAt: number }> {
  const own = await stat(path);
  let bytes = 0;
  let modifiedAt = own.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      const inner = await measure(child);
      bytes += inner.bytes;
      modifiedAt = Math.max(modifiedAt, inner.modifiedAt);
    } else if (entry.isFile()) {
      const info = await stat(child);
      bytes += info.size;
      modifiedAt = Math.max(modifiedAt, info.mtimeMs);
    }
  }
  return { bytes, modifiedAt };
}

async function folders(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every alert evidence folder under DATA_DIR with its size; folders that vanish meanwhile are skipped. */
export async function listEvidenceFolders(dataDir: string): Promise<EvidenceFolder[]> {
  const root = join(dataDir, EVIDENCE_ROOT);
  const found: EvidenceFolder[] = [];
  for (const day of (await folders(root)).filter(isEvidenceDay)) {
    for (const alertId of await folders(join(root, day))) {
      try {
        found.push({ day, alertId, ...(await measure(join(root, day, alertId))) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return found;
}

/** Deletes one alert's evidence folder, and its day folder once empty (not today's: alerts are writing there). */
export async function removeEvidenceFolder(dataDir: string, folder: Pick<EvidenceFolder, 'day' | 'alertId'>, now = Date.now()): Promise<void> {
  const dayDir = join(dataDir, EVIDENCE_ROOT, folder.day);
  await rm(join(dayDir, folder.alertId), { recursive: true, force: true });
  if (folder.day !== evidenceDay(now)) await rmdir(dayDir).catch(() => undefined);
}
