import { stat, statfs } from 'node:fs/promises';
import type { Segment } from '../domain/index.js';
import { removeSegmentFile } from '../ingest/segment-files.adapter.js';
import type { Logger } from '../observability/logger.js';
import type { RetentionAlertInfo } from '../store/retention.repository.js';
import { planDiskGuard, type DiskGuardPlan, type SegmentUsage } from './disk-guard-plan.js';
import { listEvidenceFolders, removeEvidenceFolder, type EvidenceFolder } from './evidence-usage.adapter.js';
import { planRetention, type AlertEvidenceUsage, type EvidenceDeletion, type RetentionPeriods } from './retention.js';

/** Free bytes on the filesystem holding `path`, as an unprivileged process may use them (one statfs). */
export async function freeDiskBytes(path: string): Promise<number> {
  const fs = await statfs(path);
  return fs.bavail * fs.bsize;
}

/** The disk under DATA_DIR as /healthz and /metrics report it. */
export interface DiskStatus {
  freeBytes: number;
  minFreeBytes: number;
  /** Below the floor even after freeing what may be freed. */
  low: boolean;
  checkedAt: number;
}

/** A camera's segment ring, as far as the guard touches it. */
export interface GuardedRing {
  list(): readonly Segment[];
  evict(paths: ReadonlySet<string>): Segment[];
}

export interface EvidenceGuardOptions {
  dataDir: string;
  periods: RetentionPeriods;
  minFreeBytes: number;
  /** Span of recent video each camera keeps whatever the disk (pre-roll + post-roll + a segment). */
  keepSegmentMs: number;
  alerts: { alertsById(alertIds: readonly string[]): Promise<Map<string, RetentionAlertInfo>> };
  /** Held or exported alerts: their evidence is never deleted. */
  heldAlertIds(): Promise<Set<string>>;
  rings(): GuardedRing[];
  /** Free space under dataDir; statfs by default (tests report a nearly full disk). */
  freeBytes?: (dataDir: string) => Promise<number>;
  now?: () => number;
  logger?: Logger;
  onStatus?: (status: DiskStatus) => void;
}

export interface GuardReport {
  aged: EvidenceDeletion[];
  /** What was deleted for space; null when the disk had room. */
  disk: DiskGuardPlan | null;
  status: DiskStatus;
}

/** An evidence folder no alert row knows is left alone this long: its alert may be being written. */
const UNKNOWN_FOLDER_GRACE_MS = 3_600_000;

export interface EvidenceGuard {
  /** Deletes evidence past its retention, then frees space if below the floor. One run at a time. */
  run(): Promise<GuardReport>;
  /** One statfs; runs the guard when below the floor. Cheap: call it as often as segments complete. */
  check(): Promise<void>;
  /** Whether the last measurement was close enough to the floor to check after every segment. */
  nearFloor(): boolean;
  status(): DiskStatus | null;
}

export function createEvidenceGuard(options: EvidenceGuardOptions): EvidenceGuard {
  const measureFree = options.freeBytes ?? freeDiskBytes;
  const now = options.now ?? Date.now;
  const log = options.logger;
  let current: DiskStatus | null = null;
  let running: Promise<GuardReport> | null = null;

  const report = (freeBytes: number, low: boolean): DiskStatus => {
    const status: DiskStatus = { freeBytes, minFreeBytes: options.minFreeBytes, low, checkedAt: now() };
    current = status;
    options.onStatus?.(status);
    return status;
  };

  const usageOf = async (folders: EvidenceFolder[]): Promise<AlertEvidenceUsage[]> => {
    const ids = [...new Set(folders.map((f) => f.alertId))];
    const [alerts, held] = await Promise.all([options.alerts.alertsById(ids), options.heldAlertIds()]);
    const byAlert = new Map<string, AlertEvidenceUsage>();
    for (const folder of folders) {
      const known = byAlert.get(folder.alertId);
      if (known) {
        known.bytes += folder.bytes;
        continue;
      }
      const alert = alerts.get(folder.alertId);
      const endedAt = alert ? alert.endedAt : now() - folder.modifiedAt < UNKNOWN_FOLDER_GRACE_MS ? null : folder.modifiedAt;
      byAlert.set(folder.alertId, { alertId: folder.alertId, severity: alert?.severity ?? null, endedAt, bytes: folder.bytes, held: held.has(folder.alertId) });
    }
    return [...byAlert.values()];
  };

  const removeAlerts = async (folders: EvidenceFolder[], deletions: EvidenceDeletion[]) => {
    for (const deletion of deletions) {
      for (const folder of folders.filter((f) => f.alertId === deletion.alertId)) await removeEvidenceFolder(options.dataDir, folder, now());
      log?.info({ alertId: deletion.alertId, bytes: deletion.bytes, reason: deletion.reason }, 'alert evidence deleted');
    }
  };

  const segmentUsage = async (rings: GuardedRing[]): Promise<SegmentUsage[]> => {
    const usage: SegmentUsage[] = [];
    for (const ring of rings) {
      for (const segment of ring.list()) {
        const bytes = await stat(segment.path).then((s) => s.size, () => 0);
        usage.push({ cameraId: segment.cameraId, path: segment.path, endTs: segment.endTs, bytes });
      }
    }
    return usage;
  };

  const shrinkRings = async (rings: GuardedRing[], segments: SegmentUsage[]) => {
    const paths = new Set(segments.map((s) => s.path));
    for (const ring of rings) {
      for (const segment of ring.evict(paths)) await removeSegmentFile(segment.path).catch(() => undefined);
    }
    if (segments.length > 0) log?.warn({ segments: segments.length, bytes: segments.reduce((n, s) => n + s.bytes, 0) }, 'disk low: shrank the segment rings');
  };

  /** Evidence as the planners see it; none deletable while the database cannot say which alerts are held. */
  const knownUsage = async (folders: EvidenceFolder[]): Promise<AlertEvidenceUsage[]> => {
    try {
      return await usageOf(folders);
    } catch (error) {
      log?.error({ err: (error as Error).message }, 'cannot read alerts or holds: no evidence is deleted this round');
      return [];
    }
  };

  const runOnce = async (): Promise<GuardReport> => {
    const folders = await listEvidenceFolders(options.dataDir);
    let evidence = await knownUsage(folders);
    const aged = planRetention({ evidence, now: now(), periods: options.periods });
    await removeAlerts(folders, aged);
    const gone = new Set(aged.map((d) => d.alertId));
    evidence = evidence.filter((e) => !gone.has(e.alertId));

    const free = await measureFree(options.dataDir);
    if (free >= options.minFreeBytes) return { aged, disk: null, status: report(free, false) };
    const rings = options.rings();
    const plan = planDiskGuard({
      freeBytes: free,
      minFreeBytes: options.minFreeBytes,
      segments: await segmentUsage(rings),
      keepSegmentMs: options.keepSegmentMs,
      evidence,
    });
    await shrinkRings(rings, plan.segments);
    await removeAlerts(folders, plan.evidence);
    const after = await measureFree(options.dataDir);
    const low = after < options.minFreeBytes;
    if (low) {
      log?.error(
        { freeBytes: after, minFreeBytes: options.minFreeBytes },
        'DISK NEARLY FULL: still below evidence.minFreeGB after shrinking segment rings and deleting unheld evidence; free space under DATA_DIR',
      );
    }
    return { aged, disk: plan, status: report(after, low) };
  };

  const run = (): Promise<GuardReport> => {
    running ??= runOnce().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    run,
    async check() {
      if (running) return;
      const free = await measureFree(options.dataDir);
      if (free < options.minFreeBytes) await run();
      else report(free, false);
    },
    nearFloor: () => current === null || current.freeBytes < options.minFreeBytes + Math.max(options.minFreeBytes / 4, 1024 ** 3),
    status: () => current,
  };
}

/**
 * Runs the guard's full pass every `retentionEveryMs`, a free-space check every `checkEveryMs`, and, while the
 * disk is near the floor, a check every `nearFloorEveryMs` (about once a segment). stop() ends it.
 */
export function startEvidenceGuard(
  guard: EvidenceGuard,
  timing: { retentionEveryMs: number; checkEveryMs: number; nearFloorEveryMs: number },
  logger?: Logger,
): { stop(): void } {
  const safely = (work: () => Promise<unknown>) => () =>
    void work().catch((error: unknown) => logger?.error({ err: error }, 'evidence retention or disk guard failed'));
  const timers = [
    setInterval(safely(guard.run), timing.retentionEveryMs),
    setInterval(safely(guard.check), timing.checkEveryMs),
    setInterval(safely(async () => (guard.nearFloor() ? guard.check() : undefined)), timing.nearFloorEveryMs),
  ];
  for (const timer of timers) timer.unref();
  safely(guard.run)();
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
}
