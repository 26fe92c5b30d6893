import { busyShare, ownTicks, readSystemCpu, snapshotProcesses, ticksToSeconds, treeTicks } from './proc-cpu.js';
import { sleep } from './processes.js';

/** CPU seconds used in one measured interval, split the way the benchmarks report it. */
export interface CpuInterval {
  seconds: number;
  /** Vigil's whole process tree: Node, ingest ffmpegs, and short-lived children reaped in between. */
  vigilTotal: number;
  vigilNode: number;
  vigilIngestFfmpeg: number;
  /** The same, per ingest ffmpeg (by pid) that lived through the whole interval. */
  ingestByPid: Record<string, number>;
  /** Children that came and went (clip cuts, restarted ffmpegs). */
  vigilOther: number;
  /** The comparison processes (e.g. bare ffmpeg decoders), own time. */
  others: number;
  simHost: number;
  /** Share of both cores busy, whole machine, 0–100. */
  machineBusyPct: number;
}

export interface CpuSubjects {
  vigilPid: number;
  /** Vigil's ingest ffmpegs at the start of the interval. */
  ingestPids: readonly number[];
  otherPids: readonly number[];
  simHostPid: number;
}

export async function measureCpu(subjects: CpuSubjects, ms: number): Promise<CpuInterval> {
  const cpu0 = readSystemCpu();
  const t0 = performance.now();
  const s0 = snapshotProcesses();
  await sleep(ms);
  const s1 = snapshotProcesses();
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = readSystemCpu();
  const vigilTotal = ticksToSeconds(treeTicks(s0, s1, subjects.vigilPid));
  const vigilNode = ticksToSeconds(ownTicks(s0, s1, [subjects.vigilPid]));
  const lived = subjects.ingestPids.filter((pid) => s0.has(pid) && s1.has(pid));
  const vigilIngestFfmpeg = ticksToSeconds(ownTicks(s0, s1, lived));
  const ingestByPid = Object.fromEntries(lived.map((pid) => [String(pid), ticksToSeconds(ownTicks(s0, s1, [pid]))]));
  return {
    seconds,
    vigilTotal,
    vigilNode,
    vigilIngestFfmpeg,
    ingestByPid,
    vigilOther: Math.max(0, vigilTotal - vigilNode - vigilIngestFfmpeg),
    others: ticksToSeconds(ownTicks(s0, s1, subjects.otherPids)),
    simHost: ticksToSeconds(treeTicks(s0, s1, subjects.simHostPid)),
    machineBusyPct: 100 * busyShare(cpu0, cpu1),
  };
}

/** CPU seconds per wall second per camera, as % of one core. */
export const pctPerCamera = (cpuSeconds: number, seconds: number, cameras: number): number => (100 * cpuSeconds) / seconds / Math.max(1, cameras);
