import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from './site-schema.js';

const DAY = 86_400_000;
const base = { site: { name: 'Plant' } };
const cam = { id: 'dock-1', name: 'Dock', url: 'sim://idle' };
const polygon = [[0, 0], [0.5, 0], [0.5, 0.5]];

describe('site config: evidence retention and privacy masks', () => {
  it('reads retention per severity as durations, leaving the others to retentionDays', () => {
    const config = siteConfigSchema.parse({ ...base, evidence: { retentionDays: 10, retention: { info: '7d', critical: '365d', low: '36h' } } });
    expect(config.evidence.retention).toEqual({ info: 7 * DAY, critical: 365 * DAY, low: 36 * 3_600_000 });
    expect(siteConfigSchema.parse(base).evidence.retention).toEqual({});
  });

  it('refuses unknown severities and things that are not durations', () => {
    expect(siteConfigSchema.safeParse({ ...base, evidence: { retention: { urgent: '7d' } } }).success).toBe(false);
    expect(siteConfigSchema.safeParse({ ...base, evidence: { retention: { info: 'a week' } } }).success).toBe(false);
  });

  it('takes masks on a camera like zones, none by default, and refuses duplicate mask ids', () => {
    const config = siteConfigSchema.parse({ ...base, cameras: [{ ...cam, masks: [{ id: 'window', name: 'Window', polygon }] }] });
    expect(config.cameras[0]?.masks).toEqual([{ id: 'window', name: 'Window', polygon }]);
    expect(siteConfigSchema.parse({ ...base, cameras: [cam] }).cameras[0]?.masks).toEqual([]);
    const twice = { id: 'w', name: 'W', polygon };
    const result = siteConfigSchema.safeParse({ ...base, cameras: [{ ...cam, masks: [twice, twice] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['cameras', 0, 'masks', 1, 'id']);
  });
});
