import { describe, expect, it } from 'vitest';
import { alertVersion, catchUpSince, isFresher, mergeAlerts } from './alert-merge.js';
import { alert } from './test-alerts.js';

const clip = { id: 'e1', kind: 'clip' as const, url: '/api/alerts/a/clip.mp4', mime: 'video/mp4', bytes: 10, sha256: 'x',
  createdAt: '2025-01-01T10:00:10.000Z', startTs: null, endTs: null };

describe('merging alerts by id', () => {
  it('adds new alerts and keeps the map when nothing changes', () => {
    const first = mergeAlerts(new Map(), [alert({ id: 'a' }), alert({ id: 'b' })]);
    expect([...first.keys()].sort()).toEqual(['a', 'b']);
    expect(mergeAlerts(first, [alert({ id: 'a' })])).toBe(first);
  });

  it('takes the later lifecycle state and ignores a stale copy', () => {
    const open = alert({ id: 'a', status: 'open' });
    const acked = alert({ id: 'a', status: 'acknowledged' });
    const afterAck = mergeAlerts(new Map([['a', open]]), [acked]);
    expect(afterAck.get('a')?.status).toBe('acknowledged');
    expect(mergeAlerts(afterAck, [open]).get('a')?.status).toBe('acknowledged');
  });

  it('takes a copy with the clip, or a later last-seen time, or an end', () => {
    const base = alert({ id: 'a' });
    expect(isFresher(alert({ id: 'a', evidence: [clip] }), base)).toBe(true);
    expect(isFresher(base, alert({ id: 'a', evidence: [clip] }))).toBe(false);
    expect(isFresher(alert({ id: 'a', lastSeenAt: '2025-01-01T10:01:00.000Z' }), base)).toBe(true);
    expect(isFresher(alert({ id: 'a', endedAt: '2025-01-01T10:01:00.000Z' }), base)).toBe(true);
    expect(isFresher(base, alert({ id: 'a', endedAt: '2025-01-01T10:01:00.000Z' }))).toBe(false);
  });

  it('lets an equal copy from the server replace the shown one', () => {
    const shown = alert({ id: 'a', summary: 'old words' });
    expect(mergeAlerts(new Map([['a', shown]]), [alert({ id: 'a', summary: 'new words' })]).get('a')?.summary).toBe('new words');
  });

  it('gives a version that changes when the alert moves on', () => {
    const base = alert({ id: 'a' });
    expect(alertVersion(alert({ id: 'a' }))).toBe(alertVersion(base));
    expect(alertVersion(alert({ id: 'a', status: 'acknowledged' }))).not.toBe(alertVersion(base));
    expect(alertVersion(alert({ id: 'a', evidence: [clip] }))).not.toBe(alertVersion(base));
  });

  it('catches up from a margin before the disconnect', () => {
    expect(catchUpSince(1_000_000, 60_000)).toBe(940_000);
    expect(catchUpSince(10, 60_000)).toBe(0);
  });
});
