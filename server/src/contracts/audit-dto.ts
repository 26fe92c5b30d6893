import { z } from 'zod';
import { IsoTime } from './common.js';

/** One row of the audit log, with the hashes that chain it to the row before. */
export const AuditEntryDto = z.object({
  seq: z.number().int().positive(),
  at: IsoTime,
  /** `user:<name>`, `token:<name>`, `robot:<id>`, `api` (the API token), `system`. */
  actor: z.string(),
  /** Dotted verb: `alert.ack`, `camera.update`, `zone.update`, `rules.reload`, `evidence.export`, … */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevSha256: z.string(),
  sha256: z.string(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

/** `GET /api/audit?after=SEQ&limit=N`: oldest first; pass `nextAfter` back as `after` (null at the end). */
export const AuditPageDto = z.object({ items: z.array(AuditEntryDto), nextAfter: z.number().int().nullable() });
export type AuditPageDto = z.infer<typeof AuditPageDto>;

export const AuditListQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const AuditHeadDto = z.object({ seq: z.number().int(), sha256: z.string() });

/** `GET /api/audit/verify`: whether the chain is whole; `problem` names the first broken link. */
export const AuditVerifyDto = z.object({
  ok: z.boolean(),
  rows: z.number().int().nonnegative(),
  /** The log's last row; null when empty. */
  head: AuditHeadDto.nullable(),
  /** The latest append this server recorded under DATA_DIR (audit-head.json); null when none. */
  recordedHead: AuditHeadDto.nullable(),
  problem: z
    .object({ kind: z.enum(['edited', 'missing', 'unlinked', 'truncated', 'head_mismatch']), seq: z.number().int(), message: z.string() })
    .optional(),
});
export type AuditVerifyDto = z.infer<typeof AuditVerifyDto>;
