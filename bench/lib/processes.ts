import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { processTree, snapshotProcesses } from './proc-cpu.js';

export interface Tracked {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of stderr, for error messages. */
  stderrTail(): string;
}

const running = new Set<ChildProcess>();

/** Spawns a child the benchmark owns; `stopAll()` (and process exit) ends it. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions = {}): Tracked {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  running.add(child);
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      running.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  return { child, pid: child.pid, exited, stderrTail: () => tail };
}

/**
 * Ends a process we started: SIGTERM, then after `graceMs` SIGKILL to it and to every process still below it
 * (each by its id), so a service that died without cleaning up leaves nothing behind.
 */
export async function stopTracked(tracked: Tracked, graceMs = 5000): Promise<void> {
  const { child } = tracked;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const below = processTree(snapshotProcesses(), tracked.pid).filter((pid) => pid !== tracked.pid);
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, graceMs);
  await tracked.exited;
  clearTimeout(timer);
  const alive = snapshotProcesses();
  for (const pid of below) {
    if (alive.has(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** Kills every tracked child and everything below it at once (each by its id); for the runner's exit path. */
export function killAllTracked(): void {
  if (running.size === 0) return;
  const snapshot = snapshotProcesses();
  for (const child of running) {
    for (const pid of processTree(snapshot, child.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

export function trackedCount(): number {
  return running.size;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(probe: () => Promise<T | null> | T | null, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
