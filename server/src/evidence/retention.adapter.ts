import { readdir, rm, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../observability/logger.js';
import { EVIDENCE_ROOT, isEvidenceDay } from './evidence-paths.js';
import { planRetention, type EvidenceDayUsage, type RetentionPlan, type RetentionPolicy } from './retention.js';

async function folderBytes(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += await folderBytes(child);
    else if (entry.isFile()) total += (await stat(child)).size;
  }
  return total;
}

async function evidenceDays(root: string): Promise<EvidenceDayUsage[]> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const days = names.filter(isEvidenceDay);
  return Promise.all(days.map(async (day) => ({ day, bytes: await folderBytes(join(root, day)) })));
}

/** Free bytes on the filesystem holding `path`, as an unprivileged process may use them. */
export async function freeDiskBytes(path: string): Promise<number> {
  const fs = await statfs(path);
  return fs.bavail * fs.bsize;
}

/** Measures the evidence folders and the disk, plans with planRetention, and deletes what the plan says. */
export async function applyRetention(options: {
  dataDir: string;
  policy: RetentionPolicy;
  now?: number;
  logger?: Logger;
  /** Overrides the measured free space (tests). */
  freeBytes?: number;
}): Promise<RetentionPlan> {
  const root = join(options.dataDir, EVIDENCE_ROOT);
  const days = await evidenceDays(root);
  const freeBytes = options.freeBytes ?? (await freeDiskBytes(options.dataDir));
  const plan = planRetention({ days, now: options.now ?? Date.now(), freeBytes, policy: options.policy });
  for (const deletion of plan.deletions) {
    await rm(join(root, deletion.day), { recursive: true, force: true });
    options.logger?.info({ day: deletion.day, bytes: deletion.bytes, reason: deletion.reason }, 'evidence day deleted');
  }
  if (plan.shortfallBytes > 0) {
    options.logger?.warn({ shortfallBytes: plan.shortfallBytes }, 'disk still low on space after deleting old evidence');
  }
  return plan;
}

/** Runs applyRetention now and then every `intervalMs`, one run at a time; stop() ends it. */
export function startRetentionGuard(options: {
  dataDir: string;
  policy: RetentionPolicy;
  intervalMs: number;
  logger?: Logger;
}): { stop(): void } {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await applyRetention(options);
    } catch (error) {
      options.logger?.error({ err: error }, 'evidence retention failed');
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
