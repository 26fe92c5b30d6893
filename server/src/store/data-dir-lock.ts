import { randomUUID } from 'node:crypto';
import { link, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
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

/** The holder touches the lock this often; a lock untouched for LOCK_STALE_MS has no living holder. */
const HEARTBEAT_MS = 10_000;
export const LOCK_STALE_MS = 60_000;

/** Locks taken by this process, so a restarted process that got the same pid (pid 1 in a container) is not fooled. */
const heldHere = new Set<string>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<{ owner: LockOwner | null; ageMs: number } | null> {
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    const valid = typeof owner.pid === 'number' && typeof owner.host === 'string';
    return { owner: valid ? (owner as LockOwner) : null, ageMs };
  } catch {
    return { owner: null, ageMs };
  }
}

/** Whether the lock's holder may still be running; a damaged lock file counts as stale. */
function stillHeld(holder: LockOwner | null, ageMs: number, path: string): boolean {
  if (!holder || ageMs > LOCK_STALE_MS) return false;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return heldHere.has(path);
  return processAlive(holder.pid);
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
 * refuse one, and two writers would corrupt it. A lock whose holder is gone is taken over.
 */
export async function lockDataDir(lockPath: string, databaseDir: string): Promise<DataDirLock> {
  const path = resolve(lockPath);
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path, owner)) {
      heldHere.add(path);
      const heartbeat = setInterval(() => {
        const now = new Date();
        void utimes(path, now, now).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      return {
        path,
        release: async () => {
          clearInterval(heartbeat);
          heldHere.delete(path);
          const current = await readOwner(path);
          if (current?.owner?.token === owner.token) await unlink(path).catch(() => undefined);
        },
      };
    }
    const found = await readOwner(path);
    if (!found) continue;
    const { owner: holder, ageMs } = found;
    if (holder && stillHeld(holder, ageMs, path)) {
      const who = holder.host === owner.host ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new VigilError(
        'unavailable',
        `The embedded database in ${databaseDir} is in use by ${who} (since ${holder.since}). ` +
          'PGlite allows one process per data directory: stop that process or go through its API, ' +
          `or set DATABASE_URL to use a Postgres server. If that process is not Vigil, delete ${path}.`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new VigilError('unavailable', `Could not take the lock ${path} for ${databaseDir}`);
}
