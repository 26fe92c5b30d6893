import type { AlertAction, AlertDto, AlertStatus, Severity } from '../api/contracts.js';

/** Mildest first. A severity added on the server and missing here fails the type check below. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const satisfies readonly AlertStatus[];
type Unlisted = Exclude<Severity, (typeof SEVERITIES)[number]> | Exclude<AlertStatus, (typeof ALERT_STATUSES)[number]>;
export const everyValueListed: [Unlisted] extends [never] ? true : never = true;

export const SEVERITY_LABEL: Record<Severity, string> = {
  info: 'Info',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const STATUS_LABEL: Record<AlertStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'False positive',
};

export const ACTION_LABEL: Record<AlertAction, string> = {
  ack: 'Acknowledge',
  resolve: 'Resolve',
  'false-positive': 'False positive',
};

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** Lifecycle order: open → acknowledged → resolved | false positive. Never goes back. */
export function statusRank(status: AlertStatus): number {
  if (status === 'open') return 0;
  if (status === 'acknowledged') return 1;
  return 2;
}

export const isActive = (status: AlertStatus): boolean => status === 'open' || status === 'acknowledged';

/** Which lifecycle actions the server accepts from this status. */
export function canAct(status: AlertStatus, action: AlertAction): boolean {
  if (action === 'ack') return status === 'open';
  return isActive(status);
}

const onset = (alert: AlertDto): number => Date.parse(alert.startedAt);

/** Newest onset first; equal onsets by id so the order is stable. */
export function compareNewestFirst(a: AlertDto, b: AlertDto): number {
  return onset(b) - onset(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Active before closed, then most severe, then newest: what a wall display should lead with. */
export function compareMostUrgent(a: AlertDto, b: AlertDto): number {
  const active = Number(isActive(b.status)) - Number(isActive(a.status));
  return active || severityRank(b.severity) - severityRank(a.severity) || compareNewestFirst(a, b);
}
