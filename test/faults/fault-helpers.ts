import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { FFMPEG } from '../ingest/helpers.js';

const run = promisify(execFile);

/** A small H.264 clip with a keyframe every `gop` frames, for publishers that only stream-copy (cheap to restart). */
export async function makeSmallClip(path: string, options: { size?: string; fps?: number; gop?: number; seconds?: number } = {}): Promise<void> {
  const fps = options.fps ?? 10;
  await run(FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=${options.size ?? '160x120'}:r=${fps}`, '-t', String(options.seconds ?? 4),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(options.gop ?? 2), path,
  ]);
}

/** An RTSP camera: ffmpeg looping `clip` into `url` without re-encoding. */
export function publishClip(clip: string, url: string): ChildProcess {
  const child = spawn(
    FFMPEG,
    ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'rtsp', '-rtsp_transport', 'tcp', url],
    { stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Open file descriptors of this process. */
export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Pids of this process's direct children whose command is `command` (by /proc, no shell). */
export function childPidsOf(parentPid: number, command: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = procStat(entry);
      if (stat.ppid === parentPid && stat.comm === command) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function procStat(pid: string): { comm: string; ppid: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const comm = text.slice(open + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return { comm, ppid: Number(fields[1]) };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
