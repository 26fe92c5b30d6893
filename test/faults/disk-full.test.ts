import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../ingest/helpers.js';
import { sleep } from './fault-helpers.js';
import { killAllVigils, startVigilProcess, type VigilProcess } from './vigil-process.js';

const run = promisify(execFile);
const TOKEN = 'fault-disk-token-0123456789abcdef';
/** PGlite takes about 30 MB of it; the rest is segments, evidence and ballast. */
const TMPFS_SIZE = '96m';
const MIN_FREE_GB = 0.01;
const MIN_FREE_BYTES = MIN_FREE_GB * 1024 ** 3;

/** Whether a tmpfs can be mounted here (root, and a kernel and container that allow it); the reason when not. */
async function tmpfsUnavailable(): Promise<string | null> {
  const probe = await mkdtemp(join(tmpdir(), 'vigil-tmpfs-probe-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    await run('umount', [probe]);
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

const SITE = `site: { name: Disk test, timezone: UTC }
cameras:
  - id: cell-9
    name: Robot cell 9
    url: sim://intrusion?period=3&duration=1&fps=5&size=320x180
    sample: { fps: 4, maxSide: 160 }
    zones:
      - { id: robot-cell, name: Robot cell, polygon: [[0.62, 0.5], [0.95, 0.5], [0.95, 0.95], [0.62, 0.95]] }
rules: rules/
evidence: { preRoll: 1s, postRoll: 1s, segment: 1s, ring: 30s, minFreeGB: ${MIN_FREE_GB} }
`;
const RULES = `rules:
  - id: cell-intrusion
    name: Person in robot cell
    severity: low
    cameras: [cell-9]
    when: { signal: motion, zone: robot-cell, minArea: 0.02, for: 250ms }
    cooldown: 0s
    clearAfter: 500ms
`;

async function freeBytes(path: string): Promise<number> {
  const fs = await statfs(path);
  return fs.bavail * fs.bsize;
}

async function bytesUnder(path: string): Promise<number> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) if (entry.isFile()) total += await stat(join(entry.parentPath, entry.name)).then((s) => s.size, () => 0);
  return total;
}

/** Appends to `path` until `bytes` more are written or the disk is full; returns how much went in. */
async function growBallast(path: string, bytes: number): Promise<number> {
  const handle = await open(path, 'a');
  const chunk = Buffer.alloc(64 * 1024, 0x5a);
  let written = 0;
  try {
    while (written < bytes) {
      const size = Math.min(chunk.length, bytes - written);
      try {
        await handle.write(chunk, 0, size);
      } catch {
        break;
      }
      written += size;
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  return written;
}

const unavailable = await tmpfsUnavailable();
let dir = '';
let mounted = '';
afterAll(async () => {
  await killAllVigils();
  if (mounted) await run('umount', ['-l', mounted]).catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(unavailable !== null)(`a nearly full disk under DATA_DIR${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('the disk guard frees space, Vigil keeps running when the disk fills, and recovers when space returns', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-fault-disk-'));
    const dataDir = join(dir, 'data');
    await mkdir(dataDir);
    await run('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dataDir]);
    mounted = dataDir;
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'vigil.yaml'), SITE);
    await writeFile(join(dir, 'rules', 'cell.yaml'), RULES);
    const vigil: VigilProcess = await startVigilProcess({
      PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, VIGIL_CONFIG: join(dir, 'vigil.yaml'),
      VIGIL_API_TOKEN: TOKEN, LOG_LEVEL: 'info',
    });
    const announced: string[] = [];
    const socket = io(vigil.url, { auth: { token: TOKEN }, transports: ['websocket'] });
    socket.on('alert:new', (alert) => announced.push(alert.id));
    const get = async (path: string) => {
      const response = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, text: await response.text() };
    };
    const alive = () => vigil.child.exitCode === null && vigil.child.signalCode === null;

    // Normal running: alerts with evidence, a ring of segments on disk.
    await waitFor('two alerts', () => announced.length >= 2, 60_000);
    await sleep(4000);
    const segmentsBefore = await bytesUnder(join(dataDir, 'segments'));
    const evidenceBefore = await bytesUnder(join(dataDir, 'evidence'));

    // 1. Just below the floor, by less than the guard can free: it frees it.
    const ballast = join(dataDir, 'ballast.bin');
    const deficit = Math.min(256 * 1024, Math.floor(segmentsBefore / 2));
    await growBallast(ballast, (await freeBytes(dataDir)) - MIN_FREE_BYTES + deficit);
    const freeAtFill = await freeBytes(dataDir);
    expect(freeAtFill).toBeLessThan(MIN_FREE_BYTES);
    await waitFor('the guard shrinking the rings', () => vigil.output().includes('disk low: shrank the segment rings'), 20_000);
    await waitFor('free space back at the floor', async () => (await freeBytes(dataDir)) >= MIN_FREE_BYTES - 64 * 1024, 20_000).catch(() => undefined);
    const freeAfterGuard = await freeBytes(dataDir);
    const segmentsAfterGuard = await bytesUnder(join(dataDir, 'segments'));
    expect(alive()).toBe(true);
    expect((await get('/healthz')).status).toBe(200);

    // 2. Full to the last block for a while: nothing crashes.
    await growBallast(ballast, 1024 ** 3);
    const freeWhenFull = await freeBytes(dataDir);
    const announcedWhenFull = announced.length;
    await sleep(6000);
    expect(alive(), vigil.output().slice(-3000)).toBe(true);
    const healthWhenFull = await get('/healthz').catch((error: Error) => ({ status: 0, text: error.message }));
    expect(healthWhenFull.status, healthWhenFull.text).toBeGreaterThan(0);
    const metricsWhenFull = await get('/metrics');
    expect(metricsWhenFull.text).toMatch(/vigil_disk_low 1/);

    // 3. Space returns: alerts are stored again and the camera is online.
    await unlink(ballast);
    const recoveredFrom = announced.length;
    await waitFor('an alert after space returned', () => announced.length > recoveredFrom, 60_000);
    const newest = announced.at(-1)!;
    await waitFor('the newest alert readable', async () => (await get(`/api/alerts/${newest}`)).status === 200, 20_000);
    await waitFor('camera online', async () => JSON.parse((await get('/api/cameras/cell-9/status')).text).state === 'online', 30_000);
    expect((await get('/healthz')).status).toBe(200);
    expect(alive()).toBe(true);
    socket.close();
    const exit = await vigil.kill('SIGTERM');
    console.info(
      `disk full: floor ${MIN_FREE_BYTES} B; segments ${segmentsBefore} B and evidence ${evidenceBefore} B before; ` +
        `free ${freeAtFill} B at fill → ${freeAfterGuard} B after the guard (segments ${segmentsAfterGuard} B); ` +
        `${freeWhenFull} B free when full for 6 s (${announced.length - announcedWhenFull} alerts meanwhile, health ${healthWhenFull.status}); ` +
        `recovered; exit ${exit.code ?? exit.signal}`,
    );
    expect(freeAfterGuard).toBeGreaterThan(freeAtFill);
    expect(segmentsAfterGuard).toBeLessThan(segmentsBefore);
    expect(exit.code, vigil.output().slice(-3000)).toBe(0);
  }, 200_000);
});
