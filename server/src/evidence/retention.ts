import { SEVERITIES, type Severity } from '../domain/index.js';

const DAY_MS = 86_400_000;

/** How long an ended alert's evidence is kept, by severity (ms). */
export type RetentionPeriods = Record<Severity, number>;

/** One alert's evidence on disk, as the planners see it. */
export interface AlertEvidenceUsage {
  alertId: string;
  /** null: no alert row knows this folder (a database reset); it is kept for the default period. */
  severity: Severity | null;
  /** When the alert's condition cleared (epoch ms); null while it still holds: never deleted then. */
  endedAt: number | null;
  bytes: number;
  /** Held or exported for an investigation: never deleted. */
  held: boolean;
}

export interface EvidenceDeletion {
  alertId: string;
  bytes: number;
  reason: 'age' | 'disk';
}

/** vigil.yaml's `evidence.retention` with each severity left out at `retentionDays`. */
export function retentionPeriods(defaultDays: number, bySeverity: Partial<Record<Severity, number | undefined>>): RetentionPeriods {
  const periods = {} as RetentionPeriods;
  for (const severity of SEVERITIES) periods[severity] = bySeverity[severity] ?? defaultDays * DAY_MS;
  return periods;
}

/** The period for an alert's evidence; evidence of no known alert keeps the longest one (nothing says it is minor). */
export function periodOf(severity: Severity | null, periods: RetentionPeriods): number {
  return severity === null ? Math.max(...SEVERITIES.map((s) => periods[s])) : periods[severity];
}

/**
 * Which alerts' evidence has outlived its severity's retention period. Pure.
 * Evidence of an alert still in progress, and held or exported evidence, is never deleted.
 */
export function planRetention(input: {
  evidence: readonly AlertEvidenceUsage[];
  now: number;
  periods: RetentionPeriods;
}): EvidenceDeletion[] {
  return input.evidence
    .filter((e) => !e.held && e.endedAt !== null && input.now - e.endedAt > periodOf(e.severity, input.periods))
    .sort((a, b) => (a.endedAt as number) - (b.endedAt as number))
    .map((e) => ({ alertId: e.alertId, bytes: e.bytes, reason: 'age' as const }));
}
