import type { AlertDto } from '../../contracts/index.js';
import type { CameraLocation } from '../../domain/index.js';
import type { Delivery, DeliveryResult } from '../channel.js';

/** The body of `POST {fleet}/missions` (docs/robot-fleet.openapi.yaml, `Mission`). */
export interface RobotMission {
  /** The outbox row id: the same on every retry, so the fleet can refuse a duplicate with 409. */
  missionId: string;
  alertId: string;
  kind: 'inspect';
  /** Where to go: the camera's map position; null when the camera has none configured. */
  location: (CameraLocation & { cameraId: string }) | null;
  /** The hazard the robot is sent to look at: the rule's hazard id, or the rule id for pixel rules. */
  hazard: string;
  ruleName: string;
  severity: AlertDto['severity'];
  summary: string;
  /** Fetched with the fleet's own token (`Authorization: Bearer <token>`). */
  evidence: { snapshot: string; clip: string };
  /** Where the fleet reports back (`RobotEvent`), with the same token. */
  callback: string;
}

export interface MissionContext {
  robotId: string;
  /** Vigil's base URL as the fleet reaches it, without a trailing slash. */
  publicUrl: string;
  location(cameraId: string): CameraLocation | null;
}

/** Events that send a robot: the alert opening, or escalating while nobody has handled it. */
const DISPATCHING = new Set<Delivery['event']>(['alert.opened', 'alert.escalated']);

export const dispatchesMission = (delivery: Delivery): boolean => DISPATCHING.has(delivery.event);

/** The mission for a delivery; throws a RangeError when the payload carries no alert. */
export function buildMission(delivery: Delivery, context: MissionContext): RobotMission {
  const alert = alertOf(delivery.payload);
  const base = context.publicUrl.replace(/\/+$/, '');
  const robot = encodeURIComponent(context.robotId);
  const alertPath = `${base}/api/robots/${robot}/alerts/${encodeURIComponent(alert.id)}`;
  const location = context.location(alert.cameraId);
  return {
    missionId: delivery.id,
    alertId: alert.id,
    kind: 'inspect',
    location: location ? { cameraId: alert.cameraId, ...location } : null,
    hazard: alert.observation?.hazard ?? alert.ruleId,
    ruleName: alert.ruleName,
    severity: alert.severity,
    summary: alert.summary,
    evidence: { snapshot: `${alertPath}/snapshot.jpg`, clip: `${alertPath}/clip.mp4` },
    callback: `${base}/api/robots/${robot}/events`,
  };
}

/** 2xx and 409 (the fleet has this mission already) are done; 408/429/5xx are worth another try; other 4xx are not. */
export function missionResult(status: number, bodyText: string): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true, detail: `mission accepted (HTTP ${status})` };
  if (status === 409) return { ok: true, detail: 'the fleet already has this mission (HTTP 409)' };
  const said = bodyText.trim().slice(0, 200);
  const error = `the robot fleet answered HTTP ${status}${said ? `: ${said}` : ''}`;
  return { ok: false, error, retryable: status === 408 || status === 429 || status >= 500 };
}

function alertOf(payload: Record<string, unknown>): AlertDto {
  const alert = payload.alert as Partial<AlertDto> | undefined;
  if (!alert || typeof alert.id !== 'string' || typeof alert.cameraId !== 'string' || typeof alert.ruleId !== 'string') {
    throw new RangeError('the delivery carries no alert');
  }
  return alert as AlertDto;
}
