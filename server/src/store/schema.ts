import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Box, CameraLocation, Observation, RtspTransport, SampleSettings, Zone } from '../domain/index.js';

/** Millisecond precision: domain times are epoch ms, and the alert cursor compares them exactly. */
const timestampMs = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

export interface CameraConfigColumn {
  sample: SampleSettings;
  zones: Zone[];
  location?: CameraLocation;
  rtspTransport: RtspTransport;
  enabled: boolean;
}

export const cameras = pgTable('cameras', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  config: jsonb('config').$type<CameraConfigColumn>().notNull(),
  createdAt: timestampMs('created_at').notNull().defaultNow(),
  updatedAt: timestampMs('updated_at').notNull().defaultNow(),
});

/** Zones drawn on the dashboard for vigil.yaml cameras; they replace the file's zones for that camera. */
export const zoneOverrides = pgTable('zone_overrides', {
  cameraId: text('camera_id').primaryKey(),
  zones: jsonb('zones').$type<Zone[]>().notNull(),
  updatedAt: timestampMs('updated_at').notNull().defaultNow(),
});

/** The SHA-256 of each WHIP camera's publisher token (the token itself is shown once, when made). */
export const publishTokens = pgTable('publish_tokens', {
  cameraId: text('camera_id').primaryKey(),
  tokenSha256: text('token_sha256').notNull(),
  createdAt: timestampMs('created_at').notNull().defaultNow(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    ruleId: text('rule_id').notNull(),
    ruleName: text('rule_name').notNull(),
    cameraId: text('camera_id').notNull(),
    zoneId: text('zone_id'),
    severity: text('severity').notNull(),
    status: text('status').notNull(),
    summary: text('summary').notNull(),
    startedAt: timestampMs('started_at').notNull(),
    lastSeenAt: timestampMs('last_seen_at').notNull(),
    endedAt: timestampMs('ended_at'),
    peakValue: doublePrecision('peak_value').notNull(),
    boxes: jsonb('boxes').$type<Box[]>().notNull(),
    observation: jsonb('observation').$type<Observation>(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    notify: jsonb('notify').$type<string[]>().notNull(),
    createdAt: timestampMs('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('alerts_started_id_idx').on(t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('alerts_status_started_idx').on(t.status, t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('alerts_camera_started_idx').on(t.cameraId, t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('alerts_rule_started_idx').on(t.ruleId, t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('alerts_severity_started_idx').on(t.severity, t.startedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('alerts_active_idx').on(t.startedAt).where(sql`${t.endedAt} is null`),
    check('alerts_status_check', sql`${t.status} in ('open', 'acknowledged', 'resolved', 'false_positive')`),
    check('alerts_severity_check', sql`${t.severity} in ('info', 'low', 'medium', 'high', 'critical')`),
  ],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Keeps the history in write order when two events share a timestamp. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestampMs('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.seq)],
);

export const evidence = pgTable(
  'evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    path: text('path').notNull(),
    mime: text('mime').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    startTs: timestampMs('start_ts'),
    endTs: timestampMs('end_ts'),
    createdAt: timestampMs('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('evidence_alert_idx').on(t.alertId, t.createdAt),
    check('evidence_kind_check', sql`${t.kind} in ('clip', 'snapshot', 'robot', 'manifest')`),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestampMs('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestampMs('created_at').notNull().defaultNow(),
    deliveredAt: timestampMs('delivered_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('outbox_alert_idx').on(t.alertId),
    check('outbox_status_check', sql`${t.status} in ('pending', 'sending', 'delivered', 'dead')`),
  ],
);

/** One try of one outbox row: the delivery log the API shows per alert. */
export const deliveryAttempts = pgTable(
  'delivery_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestampMs('at').notNull(),
    ok: boolean('ok').notNull(),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('delivery_attempts_outbox_idx').on(t.outboxId, t.attempt)],
);

/** A channel the receiver asked never to call again (webhook HTTP 410); its deliveries go dead until it is enabled. */
export const channelState = pgTable('channel_state', {
  channel: text('channel').primaryKey(),
  disabledAt: timestampMs('disabled_at').notNull(),
  reason: text('reason').notNull(),
});

/** Escalations done: one row per alert and policy, so each policy escalates an alert once. */
export const alertEscalations = pgTable(
  'alert_escalations',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    policy: text('policy').notNull(),
    at: timestampMs('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.policy] })],
);

export type CameraRow = typeof cameras.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type AlertEventRow = typeof alertEvents.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type DeliveryAttemptRow = typeof deliveryAttempts.$inferSelect;

/** People who sign in to the dashboard. `cameras` null: every camera; else only those ids. */
export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** argon2id, PHC string; null for a user who signs in only through a trusted auth proxy. */
  passwordHash: text('password_hash'),
  role: text('role').notNull(),
  cameras: jsonb('cameras').$type<string[] | null>(),
  disabledAt: timestampMs('disabled_at'),
  createdAt: timestampMs('created_at').notNull().defaultNow(),
  updatedAt: timestampMs('updated_at').notNull().defaultNow(),
}, (t) => [check('users_role_check', sql`${t.role} in ('viewer', 'operator', 'admin')`)]);

/** Dashboard sessions (httpOnly cookie); only the SHA-256 of the session and CSRF tokens is stored. */
export const sessions = pgTable(
  'sessions',
  {
    idSha256: text('id_sha256').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfSha256: text('csrf_sha256').notNull(),
    createdAt: timestampMs('created_at').notNull().defaultNow(),
    lastSeenAt: timestampMs('last_seen_at').notNull().defaultNow(),
    expiresAt: timestampMs('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens: hashed at rest, scoped, revocable; each acts as its user within its scopes. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenSha256: text('token_sha256').notNull().unique(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: timestampMs('created_at').notNull().defaultNow(),
    expiresAt: timestampMs('expires_at'),
    lastUsedAt: timestampMs('last_used_at'),
    revokedAt: timestampMs('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Every change, in order: each row holds the SHA-256 of the previous row, so an edited or removed row breaks the
 * chain (`npm run audit:verify`).
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestampMs('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  prevSha256: text('prev_sha256').notNull(),
  sha256: text('sha256').notNull(),
});

/** Evidence an investigation needs kept: held or exported alerts' evidence is never deleted by retention. */
export const evidenceHolds = pgTable('evidence_holds', {
  alertId: uuid('alert_id')
    .primaryKey()
    .references(() => alerts.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
  actor: text('actor').notNull(),
  createdAt: timestampMs('created_at').notNull().defaultNow(),
});
