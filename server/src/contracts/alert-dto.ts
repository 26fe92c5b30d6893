import { z } from 'zod';
import { ALERT_EVENT_ACTIONS, ALERT_STATUSES, EVIDENCE_KINDS, SEVERITIES } from '../domain/index.js';
import { BoxDto, IsoTime } from './common.js';

export const AlertStatusDto = z.enum(ALERT_STATUSES);
export const SeverityDto = z.enum(SEVERITIES);

/** One evidence file, fetched through `url` (bearer token, or `?token=` for media elements). */
export const EvidenceDto = z.object({
  id: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  /**
   * `/api/alerts/:id/clip.mp4`, `/api/alerts/:id/snapshot.jpg`, (robot frames) `/api/alerts/:id/robot/:evidenceId.jpg`
   * or (signed manifests) `/api/alerts/:id/manifests/:evidenceId.json` (its signature: the same with `.sig`)
   */
  url: z.string(),
  mime: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  createdAt: IsoTime,
  /** Clip only: the wall-clock span the clip covers. */
  startTs: IsoTime.nullable(),
  endTs: IsoTime.nullable(),
});
export type EvidenceDto = z.infer<typeof EvidenceDto>;

/** Hazard alerts: what the model saw in the latest window where the hazard held. Boxes are the alert's `boxes`. */
export const AlertObservationDto = z.object({
  hazard: z.string(),
  confidence: z.number(),
  reason: z.string(),
  /** The model's reasoning before its answer, when it gave any. */
  thinking: z.string().nullable(),
  modelId: z.string(),
  /** SHA-256 of the question asked (system and user text, hazard list); the same for the same questions. */
  promptHash: z.string(),
  /** The newest frame the model saw; the boxes are drawn on it. */
  seenAt: IsoTime,
  /** When in the window the model placed the hazard. */
  span: z.object({ start: IsoTime, end: IsoTime }).nullable(),
  /** The frames sent to the model. */
  frameTimes: z.array(IsoTime),
});
export type AlertObservationDto = z.infer<typeof AlertObservationDto>;

export const AlertDto = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  cameraId: z.string(),
  zoneId: z.string().nullable(),
  severity: SeverityDto,
  status: AlertStatusDto,
  summary: z.string(),
  /** Onset: when the rule fired. */
  startedAt: IsoTime,
  lastSeenAt: IsoTime,
  /** When the condition cleared; null while it still holds. */
  endedAt: IsoTime.nullable(),
  peakValue: z.number(),
  boxes: z.array(BoxDto),
  observation: AlertObservationDto.nullable(),
  details: z.record(z.string(), z.unknown()),
  notify: z.array(z.string()),
  evidence: z.array(EvidenceDto),
});
export type AlertDto = z.infer<typeof AlertDto>;

export const AlertEventDto = z.object({
  id: z.string(),
  alertId: z.string(),
  at: IsoTime,
  actor: z.string(),
  action: z.enum(ALERT_EVENT_ACTIONS),
  fromStatus: AlertStatusDto.nullable(),
  toStatus: AlertStatusDto,
  note: z.string().nullable(),
});
export type AlertEventDto = z.infer<typeof AlertEventDto>;

/** `GET /api/alerts/:id` and the lifecycle actions: the alert with its timeline, oldest event first. */
export const AlertDetailDto = AlertDto.extend({ events: z.array(AlertEventDto) });
export type AlertDetailDto = z.infer<typeof AlertDetailDto>;

/** `GET /api/alerts`: newest first; pass `nextCursor` back as `cursor` for the next page (null at the end). */
export const AlertPageDto = z.object({ items: z.array(AlertDto), nextCursor: z.string().nullable() });
export type AlertPageDto = z.infer<typeof AlertPageDto>;
