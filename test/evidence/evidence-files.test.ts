import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveExistingInDataDir } from '../../server/src/evidence/evidence-paths.js';
import { sha256File } from '../../server/src/evidence/hash.js';
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
});
