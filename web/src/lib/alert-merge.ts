import type { AlertDto } from '../api/contracts.js';
import { statusRank } from './severity.js';

const ms = (iso: string | null): number => (iso === null ? -Infinity : Date.parse(iso));

/**
 * Whether `candidate` describes a later state of the same alert than `current`. Alerts only move forward (status
 * along the lifecycle, evidence added, last seen later, end set), so a late reply never undoes a live update.
 * Equal states count as fresher: the server's latest copy wins.
 */
export function isFresher(candidate: AlertDto, current: AlertDto): boolean {
  const byStatus = statusRank(candidate.status) - statusRank(current.status);
  if (byStatus !== 0) return byStatus > 0;
  const byEvidence = candidate.evidence.length - current.evidence.length;
  if (byEvidence !== 0) return byEvidence > 0;
  const bySeen = ms(candidate.lastSeenAt) - ms(current.lastSeenAt);
  if (bySeen !== 0) return bySeen > 0;
  if ((candidate.endedAt === null) !== (current.endedAt === null)) return candidate.endedAt !== null;
  return true;
}

/** A short key that changes whenever the alert moves on: a view refetches details when it changes. */
export function alertVersion(alert: AlertDto): string {
  return [alert.status, alert.evidence.length, alert.lastSeenAt, alert.endedAt ?? '', alert.summary].join('|');
}

/** Merges alerts by id. Returns the same map when nothing changed, so React can skip a render. */
export function mergeAlerts(current: ReadonlyMap<string, AlertDto>, incoming: readonly AlertDto[]): ReadonlyMap<string, AlertDto> {
  let next: Map<string, AlertDto> | null = null;
  for (const alert of incoming) {
    const known = (next ?? current).get(alert.id);
    if (known && (known === alert || !isFresher(alert, known) || JSON.stringify(known) === JSON.stringify(alert))) continue;
    next ??= new Map(current);
    next.set(alert.id, alert);
  }
  return next ?? current;
}

/**
 * Where to start asking for missed alerts after a reconnect: a margin before the connection dropped, since an
 * alert's onset may lie a little before the moment the server emitted it.
 */
export function catchUpSince(disconnectedAt: number, marginMs = 60_000): number {
  return Math.max(0, disconnectedAt - marginMs);
}
