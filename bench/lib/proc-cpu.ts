import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU accounting from /proc (Linux): per process utime+stime, and whole-machine busy time. */

export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  /** Own CPU time, in clock ticks. */
  utime: number;
  stime: number;
  /** CPU time of children this process has waited for, in clock ticks. */
  cutime: number;
  cstime: number;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses, so fields are taken after the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state) of proc(5); field N is fields[N - 3].
  const field = (n: number) => Number(fields[n - 3]);
  const stat = { pid, comm: text.slice(open + 1, close), ppid: field(4), utime: field(14), stime: field(15), cutime: field(16), cstime: field(17) };
  return Number.isFinite(stat.pid) && Number.isFinite(stat.cstime) ? stat : null;
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every process on the machine at one moment. */
export type ProcSnapshot = ReadonlyMap<number, ProcStat>;

export function snapshotProcesses(): ProcSnapshot {
  const all = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) all.set(stat.pid, stat);
  }
  return all;
}

/** `root` and every process below it. */
export function processTree(snapshot: ProcSnapshot, root: number): number[] {
  const children = new Map<number, number[]>();
  for (const stat of snapshot.values()) {
    const list = children.get(stat.ppid);
    if (list) list.push(stat.pid);
    else children.set(stat.ppid, [stat.pid]);
  }
  if (!snapshot.has(root)) return [];
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

const own = (s: ProcStat) => s.utime + s.stime;
const withReaped = (s: ProcStat) => s.utime + s.stime + s.cutime + s.cstime;

/**
 * Clock ticks used by a whole process tree between two snapshots, including children that started and ended in
 * between (once reaped, their time shows in their parent's cutime/cstime).
 */
export function treeTicks(start: ProcSnapshot, end: ProcSnapshot, root: number): number {
  const total = (snapshot: ProcSnapshot) => processTree(snapshot, root).reduce((sum, pid) => sum + withReaped(snapshot.get(pid)!), 0);
  return Math.max(0, total(end) - total(start));
}

/** Own clock ticks (utime+stime) of the given processes between two snapshots; a process new at `end` counts whole. */
export function ownTicks(start: ProcSnapshot, end: ProcSnapshot, pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const after = end.get(pid);
    if (!after) continue;
    const before = start.get(pid);
    ticks += before && before.comm === after.comm ? Math.max(0, own(after) - own(before)) : own(after);
  }
  return ticks;
}

let ticksPerSecond: number | null = null;

/** The kernel's USER_HZ (100 on nearly every Linux). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export const ticksToSeconds = (ticks: number): number => ticks / clockTicksPerSecond();

/** Whole-machine CPU counters from the first line of /proc/stat, in ticks summed over all cores. */
export interface SystemCpu {
  busy: number;
  total: number;
}

export function parseSystemCpu(procStat: string): SystemCpu {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no aggregate cpu line in /proc/stat');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export function readSystemCpu(): SystemCpu {
  return parseSystemCpu(readFileSync('/proc/stat', 'utf8'));
}

/** Busy share of the whole machine between two readings, 0–1 (1 = every core busy). */
export function busyShare(start: SystemCpu, end: SystemCpu): number {
  const total = end.total - start.total;
  return total > 0 ? (end.busy - start.busy) / total : 0;
}
