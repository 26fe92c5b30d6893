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
import type { RetentionRepository } from './retention.repository.js';
import type { AuditFields, AuditRow } from '../audit/audit-chain.js';

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

/** A person who signs in to Vigil. Times are epoch ms. */
export type UserRole = 'viewer' | 'operator' | 'admin';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  /** argon2id PHC string; null for a user who signs in only through a trusted auth proxy. */
  passwordHash: string | null;
  role: UserRole;
  /** The cameras the user may see; null: all. */
  cameras: string[] | null;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewUser = Pick<UserRecord, 'username' | 'displayName' | 'passwordHash' | 'role' | 'cameras'>;
export type UserChanges = Partial<Pick<UserRecord, 'displayName' | 'passwordHash' | 'role' | 'cameras' | 'disabledAt'>>;

export interface UserRepository {
  list(): Promise<UserRecord[]>;
  get(id: string): Promise<UserRecord | null>;
  byUsername(username: string): Promise<UserRecord | null>;
  count(): Promise<number>;
  /** Admins not disabled. */
  countEnabledAdmins(): Promise<number>;
  /** VigilError('conflict') when the username is taken. */
  insert(user: NewUser): Promise<UserRecord>;
  /** Inserts only while no user exists at all (the first admin); null when someone got there first. */
  insertFirst(user: NewUser): Promise<UserRecord | null>;
  /** VigilError('not_found') when absent. */
  update(id: string, changes: UserChanges): Promise<UserRecord>;
  /** Also removes the user's sessions and tokens. False when absent. */
  remove(id: string): Promise<boolean>;
}

/** A dashboard session; only SHA-256 digests of its id and CSRF token are kept. */
export interface SessionRecord {
  idSha256: string;
  userId: string;
  csrfSha256: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session and its user; null when absent (expiry is the caller's call). */
  find(idSha256: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touch(idSha256: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  remove(idSha256: string): Promise<void>;
  removeForUser(userId: string): Promise<number>;
  removeExpired(now: number): Promise<number>;
}

/** An API token; only the SHA-256 of its secret is kept. */
export interface ApiTokenRecord {
  id: string;
  userId: string;
  username: string;
  name: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ApiTokenRepository {
  create(input: { userId: string; name: string; tokenSha256: string; scopes: string[]; expiresAt: number | null; createdAt: number }): Promise<ApiTokenRecord>;
  /** The token with this secret digest and its user; null when none. */
  findByHash(tokenSha256: string): Promise<{ token: ApiTokenRecord; user: UserRecord } | null>;
  get(id: string): Promise<ApiTokenRecord | null>;
  /** Newest first; one user's, or everyone's when userId is absent. */
  list(userId?: string): Promise<ApiTokenRecord[]>;
  markUsed(id: string, at: number): Promise<void>;
  /** Sets revokedAt (first revocation wins); null when absent. */
  revoke(id: string, at: number): Promise<ApiTokenRecord | null>;
}

/** One audit entry to append; the repository numbers and hashes it. */
export type AuditAppend = Omit<AuditFields, 'seq'>;

/** The audit log table: append-only, each row chained to the previous by SHA-256 (audit/audit-chain.ts). */
export interface AuditRepository {
  /** Appends after the current last row; appends from several connections or nodes are serialised. */
  append(entry: AuditAppend): Promise<AuditRow>;
  /** Rows with seq > `after`, in seq order, at most `limit` (1–1000). */
  list(after: number, limit: number): Promise<AuditRow[]>;
}

/** Evidence kept for an investigation: retention never deletes it. */
export interface EvidenceHold {
  alertId: string;
  reason: string;
  actor: string;
  createdAt: number;
}

export interface EvidenceHoldRepository {
  /** Holds the alert's evidence; an existing hold is kept as it is (`created` false). VigilError('not_found') for no such alert. */
  hold(input: { alertId: string; reason: string; actor: string; at: number }): Promise<{ hold: EvidenceHold; created: boolean }>;
  /** Returns false when the alert's evidence was not held. */
  release(alertId: string): Promise<boolean>;
  get(alertId: string): Promise<EvidenceHold | null>;
  /** Which of these alerts are held. */
  heldAmong(alertIds: readonly string[]): Promise<Set<string>>;
  /** Every held alert's id. */
  all(): Promise<Set<string>>;
}

export interface Store {
  cameras: CameraRepository;
  alerts: AlertRepository;
  evidence: EvidenceRepository;
  outbox: OutboxRepository;
  escalations: EscalationRepository;
  /** Read-only: alert severities and ends for evidence retention and the disk guard. */
  retention: RetentionRepository;
  /** The hash-chained audit log. */
  audit: AuditRepository;
  /** Evidence held for investigations (retention keeps it). */
  holds: EvidenceHoldRepository;
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  /** 'pglite' or 'postgres' */
  readonly kind: 'pglite' | 'postgres';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
