import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { FFMPEG } from './paths.js';
import { busyShare, readSystemCpu } from './proc-cpu.js';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  ffmpeg: string;
  /** Share of both cores busy in the second before the benchmark started: other work on the box adds noise. */
  busyAtStartPct: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function ffmpegVersion(): string {
  try {
    const first = execFileSync(FFMPEG, ['-hide_banner', '-version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
    return /ffmpeg version (\S+)/.exec(first)?.[1] ?? first.trim();
  } catch {
    return 'unavailable';
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const before = readSystemCpu();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const busy = busyShare(before, readSystemCpu());
  return {
    cores: cpus().length,
    cpuModel: cpuModel(),
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    ffmpeg: ffmpegVersion(),
    busyAtStartPct: Math.round(busy * 1000) / 10,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cores} cores ${m.cpuModel}, ${m.ramGiB} GiB RAM, Node ${m.node}, ffmpeg ${m.ffmpeg}`;
}
