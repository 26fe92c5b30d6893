import type { Alert, AlertEvent, AlertStatus, Camera, Evidence, EvidenceKind, PrivacyMask, Severity } from '../domain/index.js';
import type { OutboxItem, OutboxStatus } from './ports.js';
import type { AlertEventRow, AlertRow, CameraRow, EvidenceRow, OutboxRow, alerts, cameras } from './schema.js';

/** Domain times are epoch ms; the database keeps timestamptz. */
export const toDate = (ms: number): Date => new Date(ms);
export const toMs = (date: Date): number => date.getTime();
export const toMsOrNull = (date: Date | null): number | null => (date ? date.getTime() : null);
export const toDateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function cameraToRow(camera: Camera): typeof cameras.$inferInsert {
  return {
    id: camera.id,
    name: camera.name,
    url: camera.url,
    config: {
      sample: camera.sample,
      zones: camera.zones,
      ...(camera.masks?.length ? { masks: camera.masks } : {}),
      ...(camera.location ? { location: camera.location } : {}),
      rtspTransport: camera.rtspTransport,
      enabled: camera.enabled,
    },
  };
}

export function rowToCamera(row: CameraRow): Camera {
  // Privacy masks ride in the same JSON column (absent in rows written before masks existed).
  const { sample, zones, location, rtspTransport, enabled, masks } = row.config as CameraRow['config'] & { masks?: PrivacyMask[] };
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    sample,
    zones,
    ...(masks?.length ? { masks } : {}),
    ...(location ? { location } : {}),
    rtspTransport,
    enabled,
    source: 'api',
  };
}

export function alertToRow(alert: Alert): typeof alerts.$inferInsert {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    cameraId: alert.cameraId,
    zoneId: alert.zoneId,
    severity: alert.severity,
    status: alert.status,
    summary: alert.summary,
    startedAt: toDate(alert.startedAt),
    lastSeenAt: toDate(alert.lastSeenAt),
    endedAt: toDateOrNull(alert.endedAt),
    peakValue: alert.peakValue,
    boxes: alert.boxes,
    observation: alert.observation,
    details: alert.details,
    notify: alert.notify,
  };
}

export function rowToAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    cameraId: row.cameraId,
    zoneId: row.zoneId,
    severity: row.severity as Severity,
    status: row.status as AlertStatus,
    summary: row.summary,
    startedAt: toMs(row.startedAt),
    lastSeenAt: toMs(row.lastSeenAt),
    endedAt: toMsOrNull(row.endedAt),
    peakValue: row.peakValue,
    boxes: row.boxes,
    observation: row.observation ?? null,
    details: row.details,
    notify: row.notify,
  };
}

export function rowToEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    alertId: row.alertId,
    at: toMs(row.at),
    actor: row.actor,
    action: row.action as AlertEvent['action'],
    fromStatus: row.fromStatus as AlertStatus | null,
    toStatus: row.toStatus as AlertStatus,
    note: row.note,
  };
}

export function rowToEvidence(row: EvidenceRow): Evidence {
  return {
    id: row.id,
    alertId: row.alertId,
    kind: row.kind as EvidenceKind,
    path: row.path,
    mime: row.mime,
    bytes: row.bytes,
    sha256: row.sha256,
    createdAt: toMs(row.createdAt),
    startTs: toMsOrNull(row.startTs),
    endTs: toMsOrNull(row.endTs),
  };
}

export function rowToOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    alertId: row.alertId,
    channel: row.channel,
    event: row.event as OutboxItem['event'],
    payload: row.payload,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: toMs(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: toMs(row.createdAt),
    deliveredAt: toMsOrNull(row.deliveredAt),
  };
}
