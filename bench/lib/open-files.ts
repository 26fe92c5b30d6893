import { readFileSync } from 'node:fs';

/** A process's open-files limit (RLIMIT_NOFILE); Infinity for "unlimited". */
export interface OpenFilesLimit {
  soft: number;
  hard: number;
}

/** The "Max open files" line of /proc/<pid>/limits. */
export function parseOpenFilesLimit(limitsText: string): OpenFilesLimit | null {
  const line = limitsText.split('\n').find((l) => l.startsWith('Max open files'));
  if (!line) return null;
  const [soft, hard] = line.slice('Max open files'.length).trim().split(/\s+/);
  const value = (text: string | undefined) => (text === 'unlimited' ? Infinity : Number(text));
  const limit = { soft: value(soft), hard: value(hard) };
  return Number.isNaN(limit.soft) || Number.isNaN(limit.hard) ? null : limit;
}

/** Linux only; null where /proc is not there or the process is gone. */
export function readOpenFilesLimit(pid: number | 'self' = 'self'): OpenFilesLimit | null {
  try {
    return parseOpenFilesLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  } catch {
    return null;
  }
}

/** Descriptors a process holding `sockets` connections needs: one each, plus room for the runtime, files and pipes. */
export const descriptorsNeeded = (sockets: number): number => sockets + 256;
