import { describe, expect, it } from 'vitest';
import { alert } from './test-alerts.js';
import { canAct, compareMostUrgent, compareNewestFirst, severityRank, statusRank } from './severity.js';

describe('severity and lifecycle ordering', () => {
  it('ranks severities from info to critical', () => {
    expect(severityRank('info')).toBeLessThan(severityRank('low'));
    expect(severityRank('high')).toBeLessThan(severityRank('critical'));
  });

  it('ranks statuses along the lifecycle', () => {
    expect(statusRank('open')).toBeLessThan(statusRank('acknowledged'));
    expect(statusRank('acknowledged')).toBeLessThan(statusRank('resolved'));
    expect(statusRank('resolved')).toBe(statusRank('false_positive'));
  });

  it('allows only the transitions the server accepts', () => {
    expect(canAct('open', 'ack')).toBe(true);
    expect(canAct('acknowledged', 'ack')).toBe(false);
    expect(canAct('acknowledged', 'resolve')).toBe(true);
    expect(canAct('resolved', 'false-positive')).toBe(false);
  });

  it('sorts newest first, ties by id', () => {
    const a = alert({ id: 'a', startedAt: '2025-01-01T10:00:00.000Z' });
    const b = alert({ id: 'b', startedAt: '2025-01-01T10:05:00.000Z' });
    const c = alert({ id: 'c', startedAt: '2025-01-01T10:05:00.000Z' });
    expect([a, b, c].sort(compareNewestFirst).map((x) => x.id)).toEqual(['c', 'b', 'a']);
  });

  it('puts active critical alerts ahead of newer mild or closed ones', () => {
    const critical = alert({ id: 'crit', severity: 'critical', startedAt: '2025-01-01T09:00:00.000Z' });
    const low = alert({ id: 'low', severity: 'low', startedAt: '2025-01-01T11:00:00.000Z' });
    const closed = alert({ id: 'closed', severity: 'critical', status: 'resolved', startedAt: '2025-01-01T12:00:00.000Z' });
    expect([low, closed, critical].sort(compareMostUrgent).map((x) => x.id)).toEqual(['crit', 'low', 'closed']);
  });
});
