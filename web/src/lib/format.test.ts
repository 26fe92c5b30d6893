import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, formatMs, formatPercent } from './format.js';

describe('formatting', () => {
  it('formats durations at a readable scale', () => {
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatDuration(4 * 86_400_000 + 3_600_000)).toBe('4 d 1 h');
    expect(formatDuration(-1)).toBe('—');
  });

  it('says how long ago', () => {
    const now = Date.parse('2025-01-01T12:00:00.000Z');
    expect(formatAgo('2025-01-01T11:59:55.000Z', now)).toBe('just now');
    expect(formatAgo('2025-01-01T11:55:00.000Z', now)).toBe('5 min ago');
    expect(formatAgo('2025-01-01T09:00:00.000Z', now)).toBe('3 h ago');
  });

  it('formats latencies and fractions', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(4.25)).toBe('4.3 ms');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatPercent(0.874)).toBe('87%');
  });
});
