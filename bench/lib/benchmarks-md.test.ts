import { describe, expect, it } from 'vitest';
import { renderBenchmarksMd } from './benchmarks-md.js';
import type { BenchResult } from './result.js';

const result = (name: string, pass: boolean | null): BenchResult => ({
  name,
  title: `The ${name} benchmark`,
  date: '2025-01-02T03:04:05.000Z',
  durationS: 12.3,
  machine: { cores: 2, cpuModel: 'Test CPU', ramGiB: 4, node: 'v20.0.0', ffmpeg: '5.1', busyAtStartPct: 3.5 },
  pass,
  figures: [{ label: 'p50 | latency', value: '0.8 s', goal: '≤ 1.0 s', pass }],
  method: ['measured somehow'],
  notes: [],
  data: {},
});

describe('BENCHMARKS.md', () => {
  it('renders one table per benchmark with figure, goal, verdict, date and machine', () => {
    const md = renderBenchmarksMd([result('alpha', true), result('beta', false)]);
    expect(md).toContain('## `alpha`: The alpha benchmark');
    expect(md).toContain('| p50 \\| latency | 0.8 s | ≤ 1.0 s | ✅ pass | 2025-01-02 03:04 UTC | 2 cores Test CPU, 4 GiB RAM, Node v20.0.0, ffmpeg 5.1 |');
    expect(md).toContain('❌ fail');
    expect(md.indexOf('`alpha`')).toBeLessThan(md.indexOf('`beta`'));
    expect(md.endsWith('\n')).toBe(true);
  });

  it('ends with the fault suite figures under their own heading', () => {
    const md = renderBenchmarksMd([result('alpha', true)], '# Fault tests\n\n| File | Result |\n| --- | --- |\n| `camera-flap.test.ts` | 100 returns |\n');
    expect(md).toMatch(/## Faults and bad input \(`test\/faults`, run by `npm test`\)\n\n\| File \| Result \|/);
    expect(md).not.toContain('# Fault tests');
    expect(md.indexOf('## `alpha`')).toBeLessThan(md.indexOf('## Faults'));
  });
});
