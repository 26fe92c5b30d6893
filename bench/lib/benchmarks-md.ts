import { describeMachine } from './machine.js';
import type { BenchResult } from './result.js';

const verdict = (pass: boolean | null) => (pass === null ? '–' : pass ? '✅ pass' : '❌ fail');
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const INTRO = `# Benchmarks

Measured with \`npm run bench\` (all) or \`npm run bench -- NAME\` (one); each benchmark writes
\`bench/results/NAME.json\` and this file is rebuilt from those files, so every table shows the date and the
machine of its own last run. Everything runs on 127.0.0.1: the simulated cameras are stream-copy ffmpeg
publishers pushing a pre-encoded H.264 clip (640x360@15, 1 s GOP) into Vigil's RTSP relay
(\`server/src/sim\`), in a process of their own, and Vigil runs as a child process
(\`node --import tsx server/src/main.ts\`) with a generated \`vigil.yaml\`, PGlite and a temporary data folder.
CPU time comes from \`/proc/<pid>/stat\` (utime+stime, children included once reaped).

The box is small (2 cores) and shared, so figures move between runs; medians are quoted and where it is
cheap a figure is measured several times in one run.
`;

/** BENCHMARKS.md from the latest result of each benchmark, in the given order. */
export function renderBenchmarksMd(results: readonly BenchResult[]): string {
  const parts = [INTRO];
  for (const r of results) {
    const date = r.date.slice(0, 16).replace('T', ' ') + ' UTC';
    const machine = describeMachine(r.machine);
    const lines = [
      `## \`${r.name}\`: ${r.title}`,
      '',
      `Overall: ${verdict(r.pass)} · run ${date} in ${Math.round(r.durationS)} s · load average at start ${r.machine.loadAtStart}`,
      '',
      '| Figure | Value | Goal | Result | Date | Machine |',
      '|---|---|---|---|---|---|',
      ...r.figures.map((f) => `| ${cell(f.label)} | ${cell(f.value)} | ${cell(f.goal || '–')} | ${verdict(f.pass)} | ${date} | ${cell(machine)} |`),
      '',
    ];
    if (r.method.length > 0) lines.push('Method:', '', ...r.method.map((m) => `- ${m}`), '');
    if (r.notes.length > 0) lines.push('Notes:', '', ...r.notes.map((n) => `- ${n}`), '');
    parts.push(lines.join('\n'));
  }
  return `${parts.join('\n')}`.replace(/\n+$/, '\n');
}
