import { describe, expect, it } from 'vitest';
import { periodOf, planRetention, retentionPeriods, type AlertEvidenceUsage } from './retention.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const periods = retentionPeriods(30, { info: 7 * DAY, low: 14 * DAY, high: 90 * DAY, critical: 365 * DAY });
const ev = (alertId: string, severity: AlertEvidenceUsage['severity'], endedDaysAgo: number | null, held = false): AlertEvidenceUsage => ({
  alertId,
  severity,
  endedAt: endedDaysAgo === null ? null : NOW - endedDaysAgo * DAY,
  bytes: 100,
  held,
});

describe('retentionPeriods', () => {
  it('fills severities left out with retentionDays', () => {
    expect(periods).toEqual({ info: 7 * DAY, low: 14 * DAY, medium: 30 * DAY, high: 90 * DAY, critical: 365 * DAY });
  });

  it('keeps evidence of no known alert for the longest period', () => {
    expect(periodOf(null, periods)).toBe(365 * DAY);
  });
});

describe('planRetention', () => {
  it('deletes evidence past its own severity period, oldest end first', () => {
    const plan = planRetention({
      evidence: [ev('a', 'low', 15), ev('b', 'info', 8), ev('c', 'info', 6), ev('d', 'medium', 29), ev('e', 'medium', 31), ev('f', 'critical', 300)],
      now: NOW,
      periods,
    });
    expect(plan).toEqual([
      { alertId: 'e', bytes: 100, reason: 'age' },
      { alertId: 'a', bytes: 100, reason: 'age' },
      { alertId: 'b', bytes: 100, reason: 'age' },
    ]);
  });

  it('never deletes held or exported evidence, nor that of an alert still in progress', () => {
    expect(planRetention({ evidence: [ev('held', 'info', 400, true), ev('active', 'info', null)], now: NOW, periods })).toEqual([]);
  });

  it('counts from the end of the alert, not its onset', () => {
    expect(planRetention({ evidence: [ev('x', 'info', 7)], now: NOW, periods })).toEqual([]);
    expect(planRetention({ evidence: [ev('x', 'info', 7.01)], now: NOW, periods }).map((d) => d.alertId)).toEqual(['x']);
  });

  it('keeps folders of no known alert until the longest period', () => {
    expect(planRetention({ evidence: [ev('orphan', null, 100)], now: NOW, periods })).toEqual([]);
    expect(planRetention({ evidence: [ev('orphan', null, 366)], now: NOW, periods })).toHaveLength(1);
  });
});
