import { and, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { invalidInput } from '../domain/index.js';
import type { AlertCursor } from './alert-cursor.js';
import type { AlertFilter } from './ports.js';
import { alerts } from './schema.js';

export const MAX_PAGE_SIZE = 500;

function checkTime(name: string, value: number | undefined): void {
  if (value !== undefined && !Number.isFinite(value)) throw invalidInput(`${name} must be epoch milliseconds`);
}

/** The WHERE clause for a list query. An absent or empty list puts no constraint on its column. */
export function alertFilterCondition(filter: AlertFilter, cursor: AlertCursor | null): SQL | undefined {
  checkTime('since', filter.since);
  checkTime('until', filter.until);
  const conditions: (SQL | undefined)[] = [
    filter.status?.length ? inArray(alerts.status, filter.status) : undefined,
    filter.cameraId?.length ? inArray(alerts.cameraId, filter.cameraId) : undefined,
    filter.severity?.length ? inArray(alerts.severity, filter.severity) : undefined,
    filter.ruleId?.length ? inArray(alerts.ruleId, filter.ruleId) : undefined,
    filter.since !== undefined ? gte(alerts.startedAt, new Date(filter.since)) : undefined,
    filter.until !== undefined ? lt(alerts.startedAt, new Date(filter.until)) : undefined,
    // Row comparison: strictly older than the cursor in (started_at desc, id desc) order; uses alerts_started_id_idx.
    cursor
      ? sql`(${alerts.startedAt}, ${alerts.id}) < (${new Date(cursor.startedAt).toISOString()}::timestamptz, ${cursor.id}::uuid)`
      : undefined,
  ];
  return and(...conditions);
}

export function checkPageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalidInput(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
}
