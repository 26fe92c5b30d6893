import { mkdirSync, rmSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** `<dataDir>/segments/<cameraId>/`: where one camera's ring lives. */
export const segmentDirFor = (dataDir: string, cameraId: string): string => join(dataDir, 'segments', cameraId);

/** Empties (or creates) a camera's segment folder: segments from a previous run belong to no ring. */
export function resetSegmentDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** Deletes one segment file; a file already gone is fine. */
export async function removeSegmentFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Deletes the files in `dir` that `keep` rejects, such as the unfinished segment of a killed run. */
export async function sweepSegmentDir(dir: string, keep: (path: string) => boolean): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    if (keep(path)) continue;
    await removeSegmentFile(path).then(
      () => (removed += 1),
      () => undefined,
    );
  }
  return removed;
}
