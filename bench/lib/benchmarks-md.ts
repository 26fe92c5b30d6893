import { describeMachine } from './machine.js';
import type { BenchResult } from './result.js';

const verdict = (pass: boolean | null) => (pass === null ? '–' : pass ? '✅ pass' : '❌ fail');
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const INTRO = `# Benchmarks

Measured with \`npm run bench\` (all, about 20 minutes) or \`npm run bench -- NAME\` (one). Each benchmark writes
\`bench/results/NAME.json\` (every raw figure) and this file is rebuilt from those files, so every table shows the
date and the machine of its own last run.

How they run: everything stays on 127.0.0.1. Simulated cameras are stream-copy ffmpeg publishers that loop a
pre-encoded H.264 clip (15 fps, 1 s GOP) into Vigil's RTSP relay (\`server/src/sim\`), in a process of their own
(\`bench/lib/sim-host.ts\`), so their CPU is never counted as Vigil's; WHIP publishers (werift peers sending the
same clip) run apart in the same way (\`bench/lib/whip-host.ts\`). Vigil runs as a child process
(\`node --import tsx server/src/main.ts\`) with a generated \`vigil.yaml\`, a rules folder, PGlite and a temporary
data folder, and is driven through its API, \`/metrics\` and socket.io like any client. CPU time comes from
\`/proc/<pid>/stat\` (utime+stime; children that ended in between count through their parent once reaped).

The box is small (2 cores) and shared with other work, so figures move between runs: medians are quoted, figures
are measured several times within a run where that is cheap, and each table says how busy the machine was just
before the benchmark started.
`;

/**
 * BENCHMARKS.md from the latest result of each benchmark, in the given order, then the fault suite's figures
 * (test/faults/README.md, kept by hand from its runs) under a heading of their own.
 */
export function renderBenchmarksMd(results: readonly BenchResult[], faultsReadme?: string): string {
  const parts = [INTRO];
  for (const r of results) {
    const date = r.date.slice(0, 16).replace('T', ' ') + ' UTC';
    const machine = describeMachine(r.machine);
    const lines = [
      `## \`${r.name}\`: ${r.title}`,
      '',
      `Overall: ${verdict(r.pass)} · run ${date} in ${Math.round(r.durationS)} s · machine ${r.machine.busyAtStartPct} % busy just before`,
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
  if (faultsReadme) parts.push(faultsSection(faultsReadme));
  return `${parts.join('\n')}`.replace(/\n+$/, '\n');
}

/** The fault suite's own README with its title turned into this file's section heading. */
function faultsSection(readme: string): string {
  const body = readme.replace(/^# .*\n+/, '');
  return `## Faults and bad input (\`test/faults\`, run by \`npm test\`)\n\n${body.replace(/\n+$/, '')}\n`;
}
