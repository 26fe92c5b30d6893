import { describe, expect, it } from 'vitest';
import { AlertActionBody, AlertListQuery } from './alert-requests.js';

describe('AlertListQuery', () => {
  it('splits comma-separated lists and defaults the limit', () => {
    expect(AlertListQuery.parse({ status: 'open, acknowledged', camera: 'dock-1,cell-3', rule: 'r1' })).toEqual({
      status: ['open', 'acknowledged'],
      camera: ['dock-1', 'cell-3'],
      rule: ['r1'],
      limit: 50,
    });
  });

  it('reads since/until as ISO-8601 or epoch milliseconds', () => {
    const q = AlertListQuery.parse({ since: '2025-01-02T03:04:05.000Z', until: '1735787045000' });
    expect(q.since).toBe(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(q.until).toBe(1735787045000);
  });

  it('names each bad field', () => {
    const result = AlertListQuery.safeParse({ severity: 'high,urgent', limit: '0', since: 'yesterday' });
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['limit', 'severity.1', 'since']);
    expect(AlertListQuery.safeParse({ limit: '201' }).success).toBe(false);
    expect(AlertListQuery.safeParse({ limit: '200' }).success).toBe(true);
  });
});

describe('AlertActionBody', () => {
  it('limits the note to 2000 characters', () => {
    expect(AlertActionBody.safeParse({ note: 'x'.repeat(2000) }).success).toBe(true);
    expect(AlertActionBody.safeParse({ note: 'x'.repeat(2001) }).success).toBe(false);
    expect(AlertActionBody.safeParse({ reason: 'x' }).success).toBe(false);
  });
});
