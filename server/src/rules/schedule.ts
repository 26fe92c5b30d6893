import type { CompiledSchedule } from './rule-types.js';
import { DAYS } from './rule-schema.js';

export interface ScheduleInput {
  days?: readonly (typeof DAYS)[number][];
  hours?: string;
  timezone?: string;
}

const WHOLE_DAY = { startMinute: 0, endMinute: 24 * 60 };

export function compileSchedule(input: ScheduleInput, siteTimezone: string): CompiledSchedule {
  const days = input.days ? [...new Set(input.days.map((d) => DAYS.indexOf(d)))].sort((a, b) => a - b) : [0, 1, 2, 3, 4, 5, 6];
  const span = input.hours ? parseHours(input.hours) : WHOLE_DAY;
  return { days, ...span, timezone: input.timezone ?? siteTimezone };
}

/** "06:00-22:00" → minutes after midnight; "22:00-06:00" wraps past midnight. */
export function parseHours(hours: string): { startMinute: number; endMinute: number } {
  const [start, end] = hours.split('-') as [string, string];
  return { startMinute: minutesOf(start), endMinute: minutesOf(end) };
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_INDEX: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday (0 = Sunday) and minute of the day at `ts` in `timezone`. */
export function localTime(ts: number, timezone: string): { day: number; minute: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of format.formatToParts(ts)) {
    if (part.type === 'weekday') day = WEEKDAY_INDEX[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

/**
 * Whether `ts` falls inside the schedule. A span that wraps past midnight belongs to the day it starts on:
 * with days [fri] and hours "22:00-06:00", Saturday 03:00 is inside and Friday 03:00 is not.
 * A span whose start equals its end covers the whole day.
 */
export function isInSchedule(schedule: CompiledSchedule | null, ts: number): boolean {
  if (!schedule) return true;
  const { day, minute } = localTime(ts, schedule.timezone);
  const { startMinute: start, endMinute: end, days } = schedule;
  if (start === end) return days.includes(day);
  if (start < end) return days.includes(day) && minute >= start && minute < end;
  if (minute >= start) return days.includes(day);
  if (minute < end) return days.includes((day + 6) % 7);
  return false;
}
