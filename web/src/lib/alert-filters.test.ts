import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTER, filterFromSearch, filterToQuery, filterToSearch, matchesFilter, toggle } from './alert-filters.js';
import { alert } from './test-alerts.js';

const now = Date.parse('2025-01-01T12:00:00.000Z');

describe('alert filters', () => {
  it('matches on camera, severity, status and onset time', () => {
    const a = alert({ cameraId: 'dock-1', severity: 'high', status: 'open', startedAt: '2025-01-01T11:30:00.000Z' });
    expect(matchesFilter(a, DEFAULT_FILTER, now)).toBe(true);
    expect(matchesFilter(a, { ...DEFAULT_FILTER, cameras: ['cell-3'] }, now)).toBe(false);
    expect(matchesFilter(a, { ...DEFAULT_FILTER, severities: ['critical'] }, now)).toBe(false);
    expect(matchesFilter(a, { ...DEFAULT_FILTER, statuses: ['open', 'acknowledged'] }, now)).toBe(true);
    expect(matchesFilter(a, { ...DEFAULT_FILTER, since: '15m' }, now)).toBe(false);
    expect(matchesFilter(a, { ...DEFAULT_FILTER, since: '1h' }, now)).toBe(true);
  });

  it('builds the API query with comma lists and since in epoch milliseconds', () => {
    const query = new URLSearchParams(
      filterToQuery({ cameras: ['a', 'b'], severities: ['high'], statuses: ['open'], since: '1h' }, now, 100, 'next'),
    );
    expect(query.get('camera')).toBe('a,b');
    expect(query.get('severity')).toBe('high');
    expect(query.get('status')).toBe('open');
    expect(query.get('since')).toBe(String(now - 3_600_000));
    expect(query.get('limit')).toBe('100');
    expect(query.get('cursor')).toBe('next');
    expect(new URLSearchParams(filterToQuery({ ...DEFAULT_FILTER, since: 'all' }, now, 50)).has('since')).toBe(false);
  });

  it('round-trips through the page query string and keeps other parameters', () => {
    const filter = { cameras: ['dock-1'], severities: ['critical' as const], statuses: ['open' as const], since: '7d' as const };
    const search = filterToSearch(filter, '?wall=1');
    expect(new URLSearchParams(search).get('wall')).toBe('1');
    expect(filterFromSearch(search)).toEqual(filter);
  });

  it('drops unknown severities and statuses from a hand-written URL', () => {
    expect(filterFromSearch('?severity=critical,bogus&status=nope&since=2y')).toEqual({ ...DEFAULT_FILTER, severities: ['critical'] });
  });

  it('toggles a value in a list', () => {
    expect(toggle(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a')).toEqual(['b']);
  });
});
