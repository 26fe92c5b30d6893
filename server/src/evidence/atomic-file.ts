import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary name beside `path` (same filesystem, so the final rename is atomic). */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
}

/** Writes `data` so that readers see either no file or the whole of it, never a torn one. */
export async function writeFileAtomic(path: string, data: Buffer | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = partialPath(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
