import type { Box, Observation } from './observation.js';
import type { Severity } from './severity.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_ACTIONS = ['ack', 'resolve', 'false-positive'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  cameraId: string;
  zoneId: string | null;
  severity: Severity;
  status: AlertStatus;
  summary: string;
  /** Onset: when the rule fired. */
  startedAt: number;
  lastSeenAt: number;
  /** When the condition cleared; null while it still holds. */
  endedAt: number | null;
  peakValue: number;
  boxes: Box[];
  /** Hazard alerts: what the model saw (latest while the hazard holds); null for pixel rules. */
  observation: Observation | null;
  details: Record<string, unknown>;
  notify: string[];
}

/**
 * What a timeline entry records. 'robot': a patrol robot reported on its mission; 'verified': a robot's camera
 * showed the hazard still there (a robot that finds it gone resolves the alert: 'resolved' by `robot:<id>`).
 */
export const ALERT_EVENT_ACTIONS = ['opened', 'acknowledged', 'resolved', 'false_positive', 'cleared', 'evidence', 'robot', 'verified'] as const;
export type AlertEventAction = (typeof ALERT_EVENT_ACTIONS)[number];

export interface AlertEvent {
  id: string;
  alertId: string;
  at: number;
  actor: string;
  action: AlertEventAction;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus;
  note: string | null;
}

/**
 * 'robot': a frame a patrol robot's camera took at the alert's location. 'manifest': the signed list of the alert's
 * evidence files and their hashes (a newer one supersedes, never replaces, an older one).
 */
export const EVIDENCE_KINDS = ['clip', 'snapshot', 'robot', 'manifest'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  id: string;
  alertId: string;
  kind: EvidenceKind;
  /** Relative to DATA_DIR. */
  path: string;
  mime: string;
  bytes: number;
  sha256: string;
  createdAt: number;
  /** Clip only: the wall-clock span the clip covers. */
  startTs: number | null;
  endTs: number | null;
}
