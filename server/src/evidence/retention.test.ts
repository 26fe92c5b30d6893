import { describe, expect, it } from 'vitest';
import { planRetention, type EvidenceDayUsage } from './retention.js';

const GB = 1024 ** 3;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const days = (...spec: [string, number][]): EvidenceDayUsage[] => spec.map(([day, gb]) => ({ day, bytes: gb * GB }));

describe('planRetention', () => {
  const usage = days(['2026-03-01', 5], ['2026-03-02', 5], ['2026-03-08', 5], ['2026-03-09', 5], ['2026-03-10', 5]);

  it('deletes days entirely older than maxAgeDays, and nothing else when the disk has room', () => {
    const plan = planRetention({ days: usage, now: NOW, freeBytes: 100 * GB, policy: { maxAgeDays: 7, minFreeBytes: 10 * GB } });
    // 2026-03-02 ends at 03-03T00:00, before the cutoff 03-03T12:00; 03-03 onwards stays.
    expect(plan.deletions).toEqual([
      { day: '2026-03-01', bytes: 5 * GB, reason: 'age' },
      { day: '2026-03-02', bytes: 5 * GB, reason: 'age' },
    ]);
    expect(plan.freeBytesAfter).toBe(110 * GB);
    expect(plan.shortfallBytes).toBe(0);
  });

  it('keeps a day until all of it is past the age limit', () => {
    const plan = planRetention({ days: days(['2026-03-03', 1]), now: NOW, freeBytes: 100 * GB, policy: { maxAgeDays: 7, minFreeBytes: 0 } });
    expect(plan.deletions).toEqual([]);
  });

  it('frees space oldest day first when below the threshold, counting what age already freed', () => {
    const plan = planRetention({ days: usage, now: NOW, freeBytes: 2 * GB, policy: { maxAgeDays: 7, minFreeBytes: 16 * GB } });
    expect(plan.deletions.map((d) => [d.day, d.reason])).toEqual([
      ['2026-03-01', 'age'],
      ['2026-03-02', 'age'],
      ['2026-03-08', 'disk'],
    ]);
    expect(plan.freeBytesAfter).toBe(17 * GB);
  });

  it('never deletes the current day for space, and reports the shortfall', () => {
    const plan = planRetention({ days: usage, now: NOW, freeBytes: 0, policy: { maxAgeDays: null, minFreeBytes: 100 * GB } });
    expect(plan.deletions.map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-08', '2026-03-09']);
    expect(plan.deletions.every((d) => d.reason === 'disk')).toBe(true);
    expect(plan.shortfallBytes).toBe(80 * GB);
  });

  it('ignores folders that are not days and sorts what it is given', () => {
    const plan = planRetention({
      days: [{ day: 'tmp', bytes: GB }, { day: '2026-02-30', bytes: GB }, ...days(['2026-03-09', 1], ['2026-03-01', 1])],
      now: NOW,
      freeBytes: 0,
      policy: { maxAgeDays: null, minFreeBytes: GB },
    });
    expect(plan.deletions.map((d) => d.day)).toEqual(['2026-03-01']);
  });

  it('keeps everything with no age limit and enough space', () => {
    expect(planRetention({ days: usage, now: NOW, freeBytes: 50 * GB, policy: { maxAgeDays: null, minFreeBytes: GB } }).deletions).toEqual([]);
  });
});
