import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Segment, Severity } from '../../server/src/domain/index.js';
import { alertEvidenceDir } from '../../server/src/evidence/evidence-paths.js';
import { createEvidenceGuard, type EvidenceGuard } from '../../server/src/evidence/retention.adapter.js';
import { retentionPeriods } from '../../server/src/evidence/retention.js';
import { removeSegmentFile } from '../../server/src/ingest/segment-files.adapter.js';
import { SegmentRing } from '../../server/src/ingest/segment-ring.js';
import { createStore, type Store } from '../../server/src/store/index.js';
import { makeAlert } from '../store/fixtures.js';

const DAY = 86_400_000;
const NOW = Date.now();
const EVIDENCE_BYTES = 1000;
const SEGMENT_BYTES = 500;

/** Bytes of every file under `path`: the test's disk is DATA_DIR alone, of a capacity the test picks. */
async function usedBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    total += entry.isDirectory() ? await usedBytes(child) : (await stat(child)).size;
  }
  return total;
}

describe('evidence guard on a nearly full disk', () => {
  let dataDir: string;
  let store: Store;
  let ring: SegmentRing;
  const ids: Record<string, string> = {};

  /** An alert with 1000 bytes of evidence on disk; ended `endedDaysAgo` days ago, or still in progress. */
  const alertWithEvidence = async (name: string, severity: Severity, endedDaysAgo: number | null) => {
    const startedAt = NOW - (endedDaysAgo ?? 0) * DAY - 60_000;
    const alert = makeAlert({ severity, startedAt, lastSeenAt: startedAt });
    await store.alerts.open({ alert, evidence: [], outbox: [], actor: 'system' });
    if (endedDaysAgo !== null) await store.alerts.clear(alert.id, NOW - endedDaysAgo * DAY, 'system', []);
    const dir = join(dataDir, alertEvidenceDir(alert.id, startedAt));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'clip.mp4'), Buffer.alloc(EVIDENCE_BYTES));
    ids[name] = join(dir);
  };

  const guardFor = (capacityBytes: number, minFreeBytes: number): EvidenceGuard =>
    createEvidenceGuard({
      dataDir,
      periods: retentionPeriods(365, { info: 7 * DAY }),
      minFreeBytes,
      keepSegmentMs: 5000,
      alerts: store.retention,
      heldAlertIds: () => store.holds.all(),
      rings: () => [ring],
      freeBytes: async () => capacityBytes - (await usedBytes(dataDir)),
    });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-guard-'));
    store = await createStore({ dataDir, inMemory: true });
    await alertWithEvidence('infoExpired', 'info', 8);
    await alertWithEvidence('lowOld', 'low', 10);
    await alertWithEvidence('lowNew', 'low', 1);
    await alertWithEvidence('criticalOld', 'critical', 20);
    await alertWithEvidence('heldInfo', 'info', 30);
    await alertWithEvidence('active', 'info', null);
    const held = Object.entries(ids).find(([name]) => name === 'heldInfo')![1].split('/').at(-1)!;
    await store.holds.hold({ alertId: held, reason: 'incident 42', actor: 'ehs', at: NOW });

    const segmentDir = join(dataDir, 'segments', 'cam-a');
    await mkdir(segmentDir, { recursive: true });
    ring = new SegmentRing({ ringSeconds: 60, onEvict: (s) => void removeSegmentFile(s.path) });
    for (let n = 1; n <= 10; n += 1) {
      const segment: Segment = { cameraId: 'cam-a', path: join(segmentDir, `r1-${n}.ts`), startTs: NOW - 20_000 + (n - 1) * 2000, endTs: NOW - 20_000 + n * 2000 };
      await writeFile(segment.path, Buffer.alloc(SEGMENT_BYTES));
      ring.add(segment);
    }
  });

  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const present = (name: string) => existsSync(ids[name]!);

  it('deletes expired evidence, then shrinks the segment rings, then the oldest least severe evidence, until above the floor', async () => {
    const used = await usedBytes(dataDir);
    // After the expired info alert goes (1000) and 7 spare segments (3500), 500 bytes are still missing.
    const minFree = 10_000;
    const guard = guardFor(used + minFree - 5000, minFree);
    const report = await guard.run();

    expect(report.aged.map((d) => d.reason)).toEqual(['age']);
    expect(present('infoExpired')).toBe(false);
    expect(report.disk?.segments).toHaveLength(7);
    expect(ring.list().map((s) => s.path.split('/').at(-1))).toEqual(['r1-8.ts', 'r1-9.ts', 'r1-10.ts']);
    expect((await readdir(join(dataDir, 'segments', 'cam-a'))).sort()).toEqual(['r1-10.ts', 'r1-8.ts', 'r1-9.ts']);
    expect(report.disk?.evidence.map((d) => d.reason)).toEqual(['disk']);
    expect(present('lowOld')).toBe(false);
    for (const kept of ['lowNew', 'criticalOld', 'heldInfo', 'active']) expect(present(kept), kept).toBe(true);
    expect(report.status).toMatchObject({ low: false, minFreeBytes: minFree });
    expect(report.status.freeBytes).toBeGreaterThanOrEqual(minFree);
  });

  it('says the disk is low when even that is not enough, keeping held and in-progress evidence, and keeps running', async () => {
    const used = await usedBytes(dataDir);
    const guard = guardFor(used + 100, 1_000_000);
    const report = await guard.run();

    expect(report.status.low).toBe(true);
    expect(guard.status()?.low).toBe(true);
    expect(ring.size).toBe(3);
    for (const gone of ['infoExpired', 'lowOld', 'lowNew', 'criticalOld']) expect(present(gone), gone).toBe(false);
    expect(present('heldInfo')).toBe(true);
    expect(present('active')).toBe(true);
    // A later check still works, and finds nothing more to free.
    await expect(guard.check()).resolves.toBeUndefined();
    expect(guard.status()?.low).toBe(true);
  });

  it('leaves everything alone when the disk has room', async () => {
    const guard = guardFor(1e12, 1000);
    const report = await guard.run();
    expect(report.disk).toBeNull();
    expect(ring.size).toBe(10);
    expect(present('lowOld')).toBe(true);
    expect(present('infoExpired')).toBe(false);
    expect(guard.nearFloor()).toBe(false);
  });
});
