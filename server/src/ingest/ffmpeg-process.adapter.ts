import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { PIPE_FDS } from './ffmpeg-args.js';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (for example ENOENT). */
  spawnError: Error | null;
}

/** A running ffmpeg with its output pipes. */
export interface FfmpegProcess {
  readonly pid: number | undefined;
  readonly colour: Readable;
  readonly gray: Readable;
  readonly segmentList: Readable;
  readonly stderr: Readable;
  /** Resolves once the process has exited and its pipes are closed; never rejects. */
  readonly exited: Promise<FfmpegExit>;
  /** SIGTERM, then SIGKILL after graceMs; resolves when it has exited. */
  stop(graceMs?: number): Promise<FfmpegExit>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If Vigil itself exits, no ffmpeg may outlive it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

const STDIO_SLOTS = Math.max(PIPE_FDS.colour, PIPE_FDS.gray, PIPE_FDS.segmentList) + 1;

export function spawnFfmpeg(ffmpegPath: string, args: readonly string[]): FfmpegProcess {
  installExitHook();
  const stdio: Array<'ignore' | 'pipe'> = Array.from({ length: STDIO_SLOTS }, (_, fd) => (fd === 0 || fd === 1 ? 'ignore' : 'pipe'));
  let child: ChildProcess;
  try {
    child = spawn(ffmpegPath, args, { stdio, windowsHide: true });
  } catch (error) {
    return notStarted(error as Error);
  }
  live.add(child);

  let settled: FfmpegExit | null = null;
  const exited = new Promise<FfmpegExit>((resolve) => {
    const settle = (exit: FfmpegExit) => {
      if (settled) return;
      settled = exit;
      live.delete(child);
      resolve(exit);
    };
    child.once('close', (code, signal) => settle({ code, signal, spawnError: null }));
    child.once('error', (error) => {
      // 'error' also fires when a kill fails; only a process that never started settles here.
      if (child.pid === undefined) settle({ code: null, signal: null, spawnError: error });
    });
  });

  const pipe = (fd: number): Readable => {
    const stream = (child.stdio[fd] as Readable | null) ?? Readable.from([]);
    stream.on('error', () => undefined);
    return stream;
  };

  const stop = async (graceMs = 3000): Promise<FfmpegExit> => {
    if (settled) return settled;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const exit = await exited;
    clearTimeout(timer);
    return exit;
  };

  return {
    pid: child.pid,
    colour: pipe(PIPE_FDS.colour),
    gray: pipe(PIPE_FDS.gray),
    segmentList: pipe(PIPE_FDS.segmentList),
    stderr: pipe(2),
    exited,
    stop,
  };
}

/** What spawn hands back when it throws instead of emitting 'error' (for example on invalid arguments). */
function notStarted(error: Error): FfmpegProcess {
  const exit: FfmpegExit = { code: null, signal: null, spawnError: error };
  const empty = () => Readable.from([]);
  return {
    pid: undefined,
    colour: empty(),
    gray: empty(),
    segmentList: empty(),
    stderr: empty(),
    exited: Promise.resolve(exit),
    stop: () => Promise.resolve(exit),
  };
}
