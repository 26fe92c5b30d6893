import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { FFMPEG } from './paths.js';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  ramGiB: number;
  node: string;
  ffmpeg: string;
  /** 1-minute load average when the benchmark started: other work on the box adds noise. */
  loadAtStart: number;
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

export function machineInfo(): MachineInfo {
  return {
    cores: cpus().length,
    cpuModel: cpuModel(),
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    ffmpeg: ffmpegVersion(),
    loadAtStart: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function describeMachine(m: MachineInfo): string {
  return `${m.cores} cores ${m.cpuModel}, ${m.ramGiB} GiB RAM, Node ${m.node}, ffmpeg ${m.ffmpeg}`;
}
