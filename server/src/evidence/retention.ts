import { evidenceDay, isEvidenceDay } from './evidence-paths.js';

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Evidence older than this many days goes; null keeps it for as long as the disk allows. */
  maxAgeDays: number | null;
  /** Below this much free space the oldest days go first, until it is free again. */
  minFreeBytes: number;
}

export interface EvidenceDayUsage {
  /** The folder name, `yyyy-mm-dd`. */
  day: string;
  bytes: number;
}

export interface RetentionDeletion {
  day: string;
  bytes: number;
  reason: 'age' | 'disk';
}

export interface RetentionPlan {
  deletions: RetentionDeletion[];
  /** Free space once the deletions are done. */
  freeBytesAfter: number;
  /** How far below minFreeBytes the disk stays even then (today's evidence is never deleted for space). */
  shortfallBytes: number;
}

/**
 * Decides which day folders of evidence to delete. Pure.
 * A day goes for age once all of it is older than maxAgeDays; then, while free space is below minFreeBytes,
 * the oldest remaining days go, never the current day (alerts in progress write there).
 */
export function planRetention(input: {
  days: readonly EvidenceDayUsage[];
  now: number;
  freeBytes: number;
  policy: RetentionPolicy;
}): RetentionPlan {
  const { policy } = input;
  const today = evidenceDay(input.now);
  const days = input.days.filter((d) => isEvidenceDay(d.day)).sort((a, b) => a.day.localeCompare(b.day));
  const deletions: RetentionDeletion[] = [];
  let free = input.freeBytes;

  const cutoff = policy.maxAgeDays === null ? null : input.now - policy.maxAgeDays * DAY_MS;
  const kept: EvidenceDayUsage[] = [];
  for (const usage of days) {
    const dayEnd = Date.parse(`${usage.day}T00:00:00Z`) + DAY_MS;
    if (cutoff !== null && dayEnd <= cutoff && usage.day !== today) {
      deletions.push({ ...usage, reason: 'age' });
      free += usage.bytes;
    } else {
      kept.push(usage);
    }
  }
  for (const usage of kept) {
    if (free >= policy.minFreeBytes) break;
    if (usage.day >= today) break;
    deletions.push({ ...usage, reason: 'disk' });
    free += usage.bytes;
  }
  return { deletions, freeBytesAfter: free, shortfallBytes: Math.max(0, policy.minFreeBytes - free) };
}
