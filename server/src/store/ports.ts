import type {
  Alert,
  AlertAction,
  AlertEvent,
  AlertEventAction,
  AlertStatus,
  Camera,
  Evidence,
  EvidenceKind,
  Severity,
  Zone,
} from '../domain/index.js';

/** Cameras added, changed or removed through the API. Cameras from vigil.yaml are not stored here. */
export interface CameraRepository {
  list(): Promise<Camera[]>;
  get(id: string): Promise<Camera | null>;
  /** Fails with VigilError('conflict') when the id exists. */
  insert(camera: Camera): Promise<Camera>;
  /** Fails with VigilError('not_found') when absent. */
  update(camera: Camera): Promise<Camera>;
  /** Returns false when absent. */
  remove(id: string): Promise<boolean>;
  /** Zones drawn for vigil.yaml cameras, by camera id. */
  zoneOverrides(): Promise<Map<string, Zone[]>>;
  saveZoneOverride(cameraId: string, zones: Zone[]): Promise<void>;
  /** The SHA-256 (hex) of the camera's WHIP publisher token; null when none was made. */
  publishTokenHash(cameraId: string): Promise<string | null>;
  /** Replaces the camera's publisher token hash. */
  savePublishTokenHash(cameraId: string, sha256: string): Promise<void>;
}

/** A file that already lies under DATA_DIR, to be recorded as evidence. */
export interface EvidenceInput {
  kind: EvidenceKind;
  path: string;
  mime: string;
  bytes: number;
  sha256: string;
  startTs: number | null;
  endTs: number | null;
}

/** A delivery to do, written with the alert (the dispatcher reads these; see notify/). */
export interface OutboxInput {
  /** "email:ehs", "webhook:ops", "robot:patrol-1" */
  channel: string;
  event: 'alert.opened' | 'alert.updated' | 'alert.resolved' | 'alert.escalated';
  payload: Record<string, unknown>;
}

export interface AlertFilter {
  status?: AlertStatus[];
  cameraId?: string[];
  severity?: Severity[];
  ruleId?: string[];
  /** epoch ms: startedAt >= since */
  since?: number;
  /** epoch ms: startedAt < until */
  until?: number;
}

export interface AlertPage {
  items: Alert[];
  /** Opaque; pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface AlertWithHistory {
  alert: Alert;
  events: AlertEvent[];
  evidence: Evidence[];
}

export interface TransitionInput {
  alertId: string;
  action: AlertAction;
  actor: string;
  note: string | null;
  at: number;
}

/** What changes on an alert while its condition keeps holding. */
export interface AlertTouch {
  lastSeenAt: number;
  peakValue: number;
  boxes?: Alert['boxes'];
  observation?: Alert['observation'];
  details?: Record<string, unknown>;
}

export interface AlertRepository {
  /** Alert, its snapshot evidence, the 'opened' event and the outbox rows, in one transaction. */
  open(input: {
    alert: Alert;
    evidence: EvidenceInput[];
    outbox: OutboxInput[];
    actor: string;
  }): Promise<AlertWithHistory>;
  /** Refreshes lastSeenAt / peakValue / boxes / observation / details while the condition holds. */
  touch(alertId: string, patch: AlertTouch): Promise<Alert>;
  /**
   * The condition cleared: sets endedAt and, where the alert is still open or acknowledged, resolves it,
   * recording a 'cleared' event by `actor`. One transaction, with the outbox rows.
   */
  clear(alertId: string, at: number, actor: string, outbox: OutboxInput[]): Promise<AlertWithHistory>;
  /** Adds evidence (e.g. the clip once its post-roll is on disk) and an 'evidence' event by `actor` (system by default). */
  addEvidence(alertId: string, evidence: EvidenceInput, at: number, actor?: string): Promise<AlertWithHistory>;
  /** A timeline entry that leaves the status as it is (a patrol robot's report, its verdict). */
  note(input: { alertId: string; at: number; actor: string; action: AlertEventAction; note: string | null }): Promise<AlertWithHistory>;
  /**
   * A person's lifecycle action. Allowed: open → acknowledged | resolved | false_positive;
   * acknowledged → resolved | false_positive. Anything else fails with VigilError('conflict').
   */
  transition(input: TransitionInput, outbox: OutboxInput[]): Promise<AlertWithHistory>;
  get(alertId: string): Promise<AlertWithHistory | null>;
  list(filter: AlertFilter, page: { limit: number; cursor?: string }): Promise<AlertPage>;
  /** Alerts whose condition still holds (endedAt null), to resume state after a restart. */
  listActive(): Promise<Alert[]>;
  countByStatus(): Promise<Record<AlertStatus, number>>;
}

export interface EvidenceRepository {
  get(evidenceId: string): Promise<Evidence | null>;
  forAlert(alertId: string): Promise<Evidence[]>;
  /** The evidence of several alerts in one query, keyed by alert id (every id present, [] when none). */
  forAlerts(alertIds: readonly string[]): Promise<Map<string, Evidence[]>>;
}

export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'dead';

/** One delivery of one alert event to one channel. Times are epoch ms. */
export interface OutboxItem {
  id: string;
  alertId: string;
  channel: string;
  event: OutboxInput['event'];
  payload: Record<string, unknown>;
  status: OutboxStatus;
  /** Attempts started so far, counting the one a claim starts. */
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** One try of one outbox row, as the delivery log shows it. */
export interface DeliveryAttempt {
  outboxId: string;
  /** 1 for the first try. */
  attempt: number;
  at: number;
  ok: boolean;
  /** In words, secrets redacted; null when it went through. */
  error: string | null;
  durationMs: number;
}

/** A channel its receiver asked never to call again. */
export interface DisabledChannel {
  channel: string;
  disabledAt: number;
  reason: string;
}

/** What the outbox dispatcher (notify/) reads and updates. */
export interface OutboxRepository {
  /**
   * Claims up to `limit` pending rows due at `now` (oldest due first): marks them 'sending' and counts the attempt.
   * Concurrent claimers never get the same row.
   */
  claimDue(now: number, limit: number): Promise<OutboxItem[]>;
  markDelivered(id: string, at: number): Promise<void>;
  /** A failed attempt: back to 'pending' until `nextAttemptAt`, or 'dead' when it is null (no retries left). */
  markFailed(id: string, error: string, nextAttemptAt: number | null): Promise<void>;
  /** Returns rows left 'sending' by a process that stopped mid-delivery to 'pending'; call once at start. */
  requeueInterrupted(now: number): Promise<number>;
  forAlert(alertId: string): Promise<OutboxItem[]>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;
  recordAttempt(attempt: DeliveryAttempt): Promise<void>;
  /** Every attempt of every outbox row of the alert, oldest first. */
  attemptsForAlert(alertId: string): Promise<DeliveryAttempt[]>;
  /** Disables a channel (first reason wins while it stays disabled). */
  disableChannel(channel: string, reason: string, at: number): Promise<void>;
  /** Enables a disabled channel again; false when it was not disabled. */
  enableChannel(channel: string): Promise<boolean>;
  disabledChannels(): Promise<DisabledChannel[]>;
}

/** Escalation bookkeeping: which open alerts a policy still owes an escalation, and recording one. */
export interface EscalationRepository {
  /**
   * Open (not acknowledged, not closed) alerts of one of `severities` that started at or before `startedBy`
   * and that `policy` has not escalated yet, oldest first.
   */
  due(policy: string, severities: readonly Severity[], startedBy: number, limit: number): Promise<Alert[]>;
  /**
   * Records that `policy` escalated the alert and writes its outbox rows, in one transaction, only while the alert
   * is still open. Returns false (writing nothing) when it was escalated already or is no longer open.
   */
  escalate(alertId: string, policy: string, at: number, outbox: OutboxInput[]): Promise<boolean>;
}

export interface Store {
  cameras: CameraRepository;
  alerts: AlertRepository;
  evidence: EvidenceRepository;
  outbox: OutboxRepository;
  escalations: EscalationRepository;
  /** 'pglite' or 'postgres' */
  readonly kind: 'pglite' | 'postgres';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
