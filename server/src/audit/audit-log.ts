/** One change to record: who did what to which thing. Never put secrets (passwords, tokens) in `details`. */
export interface AuditEntryInput {
  /** `user:<username>`, `token:<name>`, `robot:<id>`, `system`. */
  actor: string;
  /** Dotted verb, e.g. `auth.sign_in`, `alert.ack`, `camera.update`, `zone.update`, `rules.reload`, `user.create`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  /** epoch ms; now when absent. */
  at?: number;
}

/** The append-only audit log (each row chained to the previous by SHA-256). */
export interface AuditLog {
  record(entry: AuditEntryInput): Promise<void>;
}
