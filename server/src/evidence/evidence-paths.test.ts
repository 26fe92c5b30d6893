import { describe, expect, it } from 'vitest';
import { clipRelativePath, evidenceDay, isEvidenceDay, resolveInDataDir, snapshotRelativePath } from './evidence-paths.js';

const ALERT = '0b7e2f4c-9a51-4c1e-8d2a-3f6b7c8d9e0f';

describe('evidence paths', () => {
  it('lays evidence out by the UTC day of the onset and the alert id', () => {
    const onset = Date.parse('2026-01-15T23:59:59.999Z');
    expect(evidenceDay(onset)).toBe('2026-01-15');
    expect(snapshotRelativePath(ALERT, onset)).toBe(`evidence/2026-01-15/${ALERT}/snapshot.jpg`);
    expect(clipRelativePath(ALERT, onset + 1)).toBe(`evidence/2026-01-16/${ALERT}/clip.mp4`);
  });

  it('refuses alert ids that would name another folder', () => {
    for (const id of ['..', '../x', 'a/b', '', '.hidden']) {
      expect(() => snapshotRelativePath(id, 0)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    }
  });

  it('recognises day folders', () => {
    expect(isEvidenceDay('2026-01-15')).toBe(true);
    expect(isEvidenceDay('2026-02-30')).toBe(false);
    expect(isEvidenceDay('2026-1-15')).toBe(false);
  });

  it('resolves paths inside the data directory and refuses escapes', () => {
    expect(resolveInDataDir('/srv/vigil/data', 'evidence/2026-01-15/a/clip.mp4')).toBe('/srv/vigil/data/evidence/2026-01-15/a/clip.mp4');
    expect(resolveInDataDir('/srv/vigil/data/', 'evidence/../evidence/x.jpg')).toBe('/srv/vigil/data/evidence/x.jpg');
    for (const bad of ['../secrets', 'evidence/../../etc/passwd', '/etc/passwd', '', '.', 'a\0b', '../data-other/x']) {
      expect(() => resolveInDataDir('/srv/vigil/data', bad)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
  });
});
