import { redactText, redactUrl } from '../domain/index.js';
import type { Alert, AlertEvent, Camera, CameraStatus, Evidence, Observation } from '../domain/index.js';
import type { AlertDetailDto, AlertDto, AlertEventDto, AlertObservationDto, EvidenceDto } from './alert-dto.js';
import type { CameraDto, CameraStatusDto } from './camera-dto.js';
import { toIso, toIsoOrNull } from './common.js';

/** Where an alert's evidence of one kind is served; robot frames and manifests (several per alert) by their evidence id. */
export function evidenceUrl(alertId: string, kind: Evidence['kind'], evidenceId?: string): string {
  const base = `/api/alerts/${encodeURIComponent(alertId)}`;
  if (kind === 'robot') return `${base}/robot/${encodeURIComponent(evidenceId ?? '')}.jpg`;
  if (kind === 'manifest') return `${base}/manifests/${encodeURIComponent(evidenceId ?? '')}.json`;
  return `${base}/${kind === 'clip' ? 'clip.mp4' : 'snapshot.jpg'}`;
}

export function evidenceToDto(evidence: Evidence): EvidenceDto {
  return {
    id: evidence.id,
    kind: evidence.kind,
    url: evidenceUrl(evidence.alertId, evidence.kind, evidence.id),
    mime: evidence.mime,
    bytes: evidence.bytes,
    sha256: evidence.sha256,
    createdAt: toIso(evidence.createdAt),
    startTs: toIsoOrNull(evidence.startTs),
    endTs: toIsoOrNull(evidence.endTs),
  };
}

export function alertToDto(alert: Alert, evidence: readonly Evidence[]): AlertDto {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    ruleName: alert.ruleName,
    cameraId: alert.cameraId,
    zoneId: alert.zoneId,
    severity: alert.severity,
    status: alert.status,
    summary: alert.summary,
    startedAt: toIso(alert.startedAt),
    lastSeenAt: toIso(alert.lastSeenAt),
    endedAt: toIsoOrNull(alert.endedAt),
    peakValue: alert.peakValue,
    boxes: alert.boxes.map((b) => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, label: b.label })),
    observation: alert.observation ? observationToDto(alert.observation) : null,
    details: alert.details,
    notify: [...alert.notify],
    evidence: evidence.map(evidenceToDto),
  };
}

export function observationToDto(observation: Observation): AlertObservationDto {
  return {
    hazard: observation.hazard,
    confidence: observation.confidence,
    reason: observation.reason,
    thinking: observation.thinking,
    modelId: observation.modelId,
    promptHash: observation.promptHash,
    seenAt: toIso(observation.ts),
    span: observation.span ? { start: toIso(observation.span.start), end: toIso(observation.span.end) } : null,
    frameTimes: observation.frameTimes.map(toIso),
  };
}

export function alertEventToDto(event: AlertEvent): AlertEventDto {
  return {
    id: event.id,
    alertId: event.alertId,
    at: toIso(event.at),
    actor: event.actor,
    action: event.action,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    note: event.note,
  };
}

/** Shaped like the store's AlertWithHistory. */
export interface AlertHistoryLike {
  alert: Alert;
  events: readonly AlertEvent[];
  evidence: readonly Evidence[];
}

export function alertDetailToDto(history: AlertHistoryLike): AlertDetailDto {
  const events = [...history.events].sort((a, b) => a.at - b.at).map(alertEventToDto);
  return { ...alertToDto(history.alert, history.evidence), events };
}

export function cameraStatusToDto(status: CameraStatus): CameraStatusDto {
  return {
    cameraId: status.cameraId,
    state: status.state,
    reason: redactText(status.reason),
    since: toIso(status.since),
    fps: status.fps,
    restarts: status.restarts,
    lastFrameAt: toIsoOrNull(status.lastFrameAt),
  };
}

/** The camera as the API shows it: the URL redacted, never with credentials. */
export function cameraToDto(camera: Camera, status: CameraStatus | null): CameraDto {
  return {
    id: camera.id,
    name: camera.name,
    url: redactUrl(camera.url),
    sample: { fps: camera.sample.fps, maxSide: camera.sample.maxSide },
    zones: camera.zones.map((z) => ({ id: z.id, name: z.name, polygon: z.polygon.map(([x, y]) => [x, y] as [number, number]) })),
    masks: (camera.masks ?? []).map((m) => ({ id: m.id, name: m.name, polygon: m.polygon.map(([x, y]) => [x, y] as [number, number]) })),
    location: camera.location ? { map: camera.location.map, x: camera.location.x, y: camera.location.y } : null,
    rtspTransport: camera.rtspTransport,
    enabled: camera.enabled,
    source: camera.source,
    status: status ? cameraStatusToDto(status) : null,
  };
}
