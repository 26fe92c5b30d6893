import { describe, expect, it } from 'vitest';
import { busyShare, ownTicks, parseProcStat, parseSystemCpu, processTree, treeTicks, type ProcStat } from './proc-cpu.js';

const stat = (pid: number, ppid: number, utime: number, stime = 0, cutime = 0, cstime = 0, comm = 'x'): ProcStat => ({
  pid, comm, ppid, utime, stime, cutime, cstime,
});
const snap = (...stats: ProcStat[]) => new Map(stats.map((s) => [s.pid, s]));

describe('proc cpu accounting', () => {
  it('parses /proc/<pid>/stat even when the command name has spaces and parentheses', () => {
    const text = '4242 (my (odd) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 31 7 3 20 0 1 0 123 456 789';
    expect(parseProcStat(text)).toEqual({ pid: 4242, comm: 'my (odd) name', ppid: 17, utime: 250, stime: 31, cutime: 7, cstime: 3 });
  });

  it('walks a process tree', () => {
    const s = snap(stat(1, 0, 0), stat(10, 1, 0), stat(11, 10, 0), stat(12, 11, 0), stat(20, 1, 0));
    expect(processTree(s, 10).sort()).toEqual([10, 11, 12]);
    expect(processTree(s, 99)).toEqual([]);
  });

  it('counts a child that ended in between through its parent, and a new child whole', () => {
    const start = snap(stat(10, 1, 100), stat(11, 10, 50), stat(99, 1, 1000));
    // 11 used 20 more ticks and was reaped (70 ticks move to 10's cutime); 12 started and used 5.
    const end = snap(stat(10, 1, 130, 0, 70), stat(12, 10, 5), stat(99, 1, 5000));
    expect(treeTicks(start, end, 10)).toBe(30 + 20 + 5);
    expect(ownTicks(start, end, [10, 12])).toBe(35);
  });

  it('computes the busy share of the machine from /proc/stat', () => {
    const a = parseSystemCpu('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\n');
    const b = parseSystemCpu('cpu  200 0 150 850 0 0 0 0 0 0\n');
    expect(busyShare(a, b)).toBeCloseTo(150 / 200);
  });
});
