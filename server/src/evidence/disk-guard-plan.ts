import { severityRank } from '../domain/index.js';
import type { AlertEvidenceUsage, EvidenceDeletion } from './retention.js';

/** One completed segment in a camera's ring. */
export interface SegmentUsage {
  cameraId: string;
  path: string;
  endTs: number;
  bytes: number;
}

export interface DiskGuardPlan {
  /** Ring segments to drop, oldest first. */
  segments: SegmentUsage[];
  evidence: EvidenceDeletion[];
  /** Free space once all of it is deleted. */
  freeBytesAfter: number;
  /** How far below the floor the disk stays even then (0 when the plan is enough). */
  shortfallBytes: number;
}

/**
 * What to delete, in order, until at least `minFreeBytes` are free. Pure.
 * (a) Ring segments that no clip can still need: for each camera, those that ended more than `keepSegmentMs`
 *     before its newest segment ended (the newest one always stays). Oldest first, across cameras.
 * (b) Evidence of ended alerts, least severe first, oldest first within a severity.
 * Never: held or exported evidence, evidence of alerts still in progress.
 */
export function planDiskGuard(input: {
  freeBytes: number;
  minFreeBytes: number;
  segments: readonly SegmentUsage[];
  keepSegmentMs: number;
  evidence: readonly AlertEvidenceUsage[];
}): DiskGuardPlan {
  let free = input.freeBytes;
  const plan: DiskGuardPlan = { segments: [], evidence: [], freeBytesAfter: free, shortfallBytes: 0 };
  const short = () => free < input.minFreeBytes;

  const newestEnd = new Map<string, number>();
  for (const s of input.segments) newestEnd.set(s.cameraId, Math.max(newestEnd.get(s.cameraId) ?? -Infinity, s.endTs));
  const spare = input.segments
    .filter((s) => s.endTs < (newestEnd.get(s.cameraId) as number) - input.keepSegmentMs)
    .sort((a, b) => a.endTs - b.endTs);
  for (const segment of spare) {
    if (!short()) break;
    plan.segments.push(segment);
    free += segment.bytes;
  }

  const deletable = input.evidence
    .filter((e) => !e.held && e.endedAt !== null)
    .sort((a, b) => rankOf(a) - rankOf(b) || (a.endedAt as number) - (b.endedAt as number));
  for (const e of deletable) {
    if (!short()) break;
    plan.evidence.push({ alertId: e.alertId, bytes: e.bytes, reason: 'disk' });
    free += e.bytes;
  }

  plan.freeBytesAfter = free;
  plan.shortfallBytes = Math.max(0, input.minFreeBytes - free);
  return plan;
}

/** Evidence of no known alert counts as the least severe: nothing says it matters. */
const rankOf = (e: AlertEvidenceUsage): number => (e.severity === null ? -1 : severityRank(e.severity));
