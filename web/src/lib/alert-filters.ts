import type { AlertDto, AlertStatus, Severity } from '../api/contracts.js';
import { ALERT_STATUSES, SEVERITIES } from './severity.js';

export const SINCE_CHOICES = ['15m', '1h', '24h', '7d', 'all'] as const;
export type SinceChoice = (typeof SINCE_CHOICES)[number];

export const SINCE_LABEL: Record<SinceChoice, string> = {
  '15m': 'Last 15 minutes',
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  all: 'Any time',
};

const SINCE_MS: Record<SinceChoice, number | null> = { '15m': 15 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, all: null };

/** What the feed shows. Empty lists mean "any". */
export interface AlertFilter {
  cameras: string[];
  severities: Severity[];
  statuses: AlertStatus[];
  since: SinceChoice;
}

export const DEFAULT_FILTER: AlertFilter = { cameras: [], severities: [], statuses: [], since: '24h' };

export function sinceMs(choice: SinceChoice, now: number): number | null {
  const span = SINCE_MS[choice];
  return span === null ? null : now - span;
}

export function matchesFilter(alert: AlertDto, filter: AlertFilter, now: number): boolean {
  if (filter.cameras.length > 0 && !filter.cameras.includes(alert.cameraId)) return false;
  if (filter.severities.length > 0 && !filter.severities.includes(alert.severity)) return false;
  if (filter.statuses.length > 0 && !filter.statuses.includes(alert.status)) return false;
  const from = sinceMs(filter.since, now);
  return from === null || Date.parse(alert.startedAt) >= from;
}

/** The `GET /api/alerts` query for a filter (comma-separated lists, `since` as epoch milliseconds). */
export function filterToQuery(filter: AlertFilter, now: number, limit: number, cursor?: string): string {
  const params = new URLSearchParams();
  if (filter.statuses.length > 0) params.set('status', filter.statuses.join(','));
  if (filter.cameras.length > 0) params.set('camera', filter.cameras.join(','));
  if (filter.severities.length > 0) params.set('severity', filter.severities.join(','));
  const from = sinceMs(filter.since, now);
  if (from !== null) params.set('since', String(from));
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

function listParam<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[] | null): T[] {
  const raw = params.get(key);
  if (!raw) return [];
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return (allowed ? items.filter((s): s is T => (allowed as readonly string[]).includes(s)) : items) as T[];
}

/** The feed's filter lives in the page's query string, so a view can be bookmarked or put on a wall display. */
export function filterFromSearch(search: string): AlertFilter {
  const params = new URLSearchParams(search);
  const since = params.get('since');
  return {
    cameras: listParam<string>(params, 'camera', null),
    severities: listParam(params, 'severity', SEVERITIES),
    statuses: listParam(params, 'status', ALERT_STATUSES),
    since: SINCE_CHOICES.find((c) => c === since) ?? DEFAULT_FILTER.since,
  };
}

/** Writes the filter into `search`, keeping unrelated parameters such as `wall`. */
export function filterToSearch(filter: AlertFilter, search: string): string {
  const params = new URLSearchParams(search);
  const setList = (key: string, values: readonly string[]) => (values.length > 0 ? params.set(key, values.join(',')) : params.delete(key));
  setList('camera', filter.cameras);
  setList('severity', filter.severities);
  setList('status', filter.statuses);
  if (filter.since === DEFAULT_FILTER.since) params.delete('since');
  else params.set('since', filter.since);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}
