import { describe, expect, it } from 'vitest';
import { compileSchedule, isInSchedule, localTime, parseHours } from './schedule.js';

// 2025-01-06 is a Monday. Berlin is UTC+1 in January, UTC+2 in July.
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('schedules', () => {
  it('parses hours', () => {
    expect(parseHours('06:00-22:00')).toEqual({ startMinute: 360, endMinute: 1320 });
    expect(parseHours('22:30-24:00')).toEqual({ startMinute: 1350, endMinute: 1440 });
  });

  it('reads local weekday and minute in a timezone, across daylight saving', () => {
    expect(localTime(utc('2025-01-06T05:30:00'), 'Europe/Berlin')).toEqual({ day: 1, minute: 6 * 60 + 30 });
    expect(localTime(utc('2025-07-07T05:30:00'), 'Europe/Berlin')).toEqual({ day: 1, minute: 7 * 60 + 30 });
    expect(localTime(utc('2025-01-06T03:00:00'), 'America/New_York')).toEqual({ day: 0, minute: 22 * 60 });
  });

  it('is always in force without a schedule', () => {
    expect(isInSchedule(null, utc('2025-01-05T03:00:00'))).toBe(true);
  });

  it('honours days and hours in the given timezone', () => {
    const weekdays = compileSchedule({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: '06:00-22:00' }, 'Europe/Berlin');
    expect(isInSchedule(weekdays, utc('2025-01-06T05:30:00'))).toBe(true); // Mon 06:30 Berlin
    expect(isInSchedule(weekdays, utc('2025-01-06T04:59:00'))).toBe(false); // Mon 05:59 Berlin
    expect(isInSchedule(weekdays, utc('2025-01-06T20:59:00'))).toBe(true); // Mon 21:59
    expect(isInSchedule(weekdays, utc('2025-01-06T21:00:00'))).toBe(false); // Mon 22:00: the end is exclusive
    expect(isInSchedule(weekdays, utc('2025-01-05T12:00:00'))).toBe(false); // Sunday
    const sameInUtc = compileSchedule({ days: ['mon'], hours: '06:00-22:00', timezone: 'UTC' }, 'Europe/Berlin');
    expect(isInSchedule(sameInUtc, utc('2025-01-06T05:30:00'))).toBe(false);
  });

  it('wraps past midnight, belonging to the day it starts on', () => {
    const fridayNight = compileSchedule({ days: ['fri'], hours: '22:00-06:00', timezone: 'UTC' }, 'UTC');
    expect(isInSchedule(fridayNight, utc('2025-01-10T23:00:00'))).toBe(true); // Fri 23:00
    expect(isInSchedule(fridayNight, utc('2025-01-11T03:00:00'))).toBe(true); // Sat 03:00
    expect(isInSchedule(fridayNight, utc('2025-01-11T06:00:00'))).toBe(false); // Sat 06:00
    expect(isInSchedule(fridayNight, utc('2025-01-10T03:00:00'))).toBe(false); // Fri 03:00 belongs to Thursday
    expect(isInSchedule(fridayNight, utc('2025-01-10T12:00:00'))).toBe(false);
    const sundayNight = compileSchedule({ days: ['sun'], hours: '23:00-01:00', timezone: 'UTC' }, 'UTC');
    expect(isInSchedule(sundayNight, utc('2025-01-06T00:30:00'))).toBe(true); // Mon 00:30, after Sunday
  });

  it('covers whole days when only days are given', () => {
    const weekend = compileSchedule({ days: ['sat', 'sun'] }, 'Europe/Berlin');
    expect(isInSchedule(weekend, utc('2025-01-04T23:30:00'))).toBe(true); // Sun 00:30 Berlin
    expect(isInSchedule(weekend, utc('2025-01-05T23:30:00'))).toBe(false); // Mon 00:30 Berlin
  });
});
