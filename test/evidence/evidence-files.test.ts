import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveExistingInDataDir } from '../../server/src/evidence/evidence-paths.js';
import { sha256File } from '../../server/src/evidence/hash.js';
import { applyRetention } from '../../server/src/evidence/retention.adapter.js';
import { writeSnapshot } from '../../server/src/evidence/snapshot.js';

const ALERT = '0b7e2f4c-9a51-4c1e-8d2a-3f6b7c8d9e0f';
const ONSET = Date.parse('2026-01-15T08:00:00Z');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 1), Buffer.from([0xff, 0xd9])]);

describe('evidence files on disk', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-evidence-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('writes the snapshot under evidence/<day>/<alert>/ and reports its size and hash', async () => {
    const written = await writeSnapshot({ dataDir, alertId: ALERT, onsetTs: ONSET, jpeg: JPEG });
    expect(written).toEqual({
      path: `evidence/2026-01-15/${ALERT}/snapshot.jpg`,
      bytes: JPEG.length,
      sha256: createHash('sha256').update(JPEG).digest('hex'),
    });
    const onDisk = await readFile(join(dataDir, written.path));
    expect(onDisk.equals(JPEG)).toBe(true);
    expect(await sha256File(join(dataDir, written.path))).toBe(written.sha256);
    // Only the finished file: no temporary left beside it.
    expect(await readdir(join(dataDir, 'evidence', '2026-01-15', ALERT))).toEqual(['snapshot.jpg']);
  });

  it('replaces an earlier snapshot whole, and refuses what is not a JPEG', async () => {
    await writeSnapshot({ dataDir, alertId: ALERT, onsetTs: ONSET, jpeg: Buffer.concat([JPEG, JPEG]) });
    const second = await writeSnapshot({ dataDir, alertId: ALERT, onsetTs: ONSET, jpeg: JPEG });
    expect((await readFile(join(dataDir, second.path))).length).toBe(JPEG.length);
    await expect(writeSnapshot({ dataDir, alertId: ALERT, onsetTs: ONSET, jpeg: Buffer.from('PNG') })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('resolves existing evidence, refusing a symlink that leads out of the data directory', async () => {
    const written = await writeSnapshot({ dataDir, alertId: ALERT, onsetTs: ONSET, jpeg: JPEG });
    expect(await resolveExistingInDataDir(dataDir, written.path)).toBe(join(dataDir, written.path));
    const outside = await mkdtemp(join(tmpdir(), 'vigil-outside-'));
    try {
      await writeFile(join(outside, 'secret.txt'), 'x');
      await symlink(join(outside, 'secret.txt'), join(dataDir, 'evidence', 'link.jpg'));
      await expect(resolveExistingInDataDir(dataDir, 'evidence/link.jpg')).rejects.toMatchObject({ code: 'forbidden' });
      await expect(resolveExistingInDataDir(dataDir, 'evidence/missing.jpg')).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('retention deletes old day folders and, under disk pressure, the oldest ones', async () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    for (const day of ['2026-02-20', '2026-03-05', '2026-03-08', '2026-03-10']) {
      await mkdir(join(dataDir, 'evidence', day, ALERT), { recursive: true });
      await writeFile(join(dataDir, 'evidence', day, ALERT, 'clip.mp4'), Buffer.alloc(1000));
    }
    await mkdir(join(dataDir, 'evidence', 'not-a-day'));
    const stale = join(dataDir, 'evidence', '2026-02-20', ALERT, 'clip.mp4');
    // The folder's day decides, not file times: a freshly touched file in an old day still goes.
    await utimes(stale, new Date(now), new Date(now));

    const roomy = await applyRetention({ dataDir, now, freeBytes: 1e12, policy: { maxAgeDays: 14, minFreeBytes: 1e9 } });
    expect(roomy.deletions).toEqual([{ day: '2026-02-20', bytes: 1000, reason: 'age' }]);
    expect((await readdir(join(dataDir, 'evidence'))).sort()).toEqual(['2026-03-05', '2026-03-08', '2026-03-10', 'not-a-day']);

    const tight = await applyRetention({ dataDir, now, freeBytes: 500, policy: { maxAgeDays: 14, minFreeBytes: 2000 } });
    expect(tight.deletions.map((d) => d.day)).toEqual(['2026-03-05', '2026-03-08']);
    expect((await readdir(join(dataDir, 'evidence'))).sort()).toEqual(['2026-03-10', 'not-a-day']);
  });

  it('retention measures the real disk when not told, and copes with no evidence yet', async () => {
    const plan = await applyRetention({ dataDir, policy: { maxAgeDays: 30, minFreeBytes: 0 } });
    expect(plan.deletions).toEqual([]);
    expect(plan.freeBytesAfter).toBeGreaterThan(0);
  });
});
