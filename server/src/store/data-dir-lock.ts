import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { VigilError } from '../domain/index.js';

interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** Writes the owner to a private file, then links it into place: the lock never exists without its content. */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const draft = `${path}.${owner.token}`;
  await writeFile(draft, JSON.stringify(owner), { flag: 'wx' });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Takes the lock that keeps a second process off an embedded (PGlite) data directory: PGlite itself does not
 * refuse one, and two writers would corrupt it. A lock left by a process that is gone is taken over.
 */
export async function lockDataDir(lockPath: string, databaseDir: string): Promise<DataDirLock> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(lockPath, owner)) {
      return {
        path: lockPath,
        release: async () => {
          const current = await readOwner(lockPath);
          if (current?.token === owner.token) await unlink(lockPath).catch(() => undefined);
        },
      };
    }
    const holder = await readOwner(lockPath);
    const held = holder !== null && (holder.host !== owner.host || processAlive(holder.pid));
    if (held) {
      const who = holder.host === owner.host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new VigilError(
        'unavailable',
        `The embedded database in ${databaseDir} is in use by ${who} (since ${holder.since}). ` +
          'PGlite allows one process per data directory: stop that process or go through its API, ' +
          `or set DATABASE_URL to use a Postgres server. If that process is not Vigil, delete ${lockPath}.`,
      );
    }
    // A lock whose owner is gone (or unreadable: it was damaged) is stale.
    await unlink(lockPath).catch(() => undefined);
  }
  throw new VigilError('unavailable', `Could not take the lock ${lockPath} for ${databaseDir}`);
}
