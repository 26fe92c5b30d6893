import type { AlertAction, AlertEvent, AlertStatus } from '../domain/index.js';

type ClosingStatus = Exclude<AlertStatus, 'open'>;

const TARGET: Record<AlertAction, ClosingStatus> = {
  ack: 'acknowledged',
  resolve: 'resolved',
  'false-positive': 'false_positive',
};

const ALLOWED_FROM: Record<AlertAction, readonly AlertStatus[]> = {
  ack: ['open'],
  resolve: ['open', 'acknowledged'],
  'false-positive': ['open', 'acknowledged'],
};

export interface TransitionOutcome {
  toStatus: ClosingStatus;
  eventAction: AlertEvent['action'];
}

/**
 * A person's lifecycle action on an alert in `from`: the status it leads to, or null when the lifecycle
 * (open → acknowledged | resolved | false_positive; acknowledged → resolved | false_positive) does not allow it.
 */
export function planTransition(from: AlertStatus, action: AlertAction): TransitionOutcome | null {
  if (!ALLOWED_FROM[action]?.includes(from)) return null;
  const toStatus = TARGET[action];
  return { toStatus, eventAction: toStatus };
}

/** The condition behind the alert cleared: an alert nobody closed yet is resolved; a closed one keeps its status. */
export function statusAfterClear(from: AlertStatus): AlertStatus {
  return from === 'open' || from === 'acknowledged' ? 'resolved' : from;
}
