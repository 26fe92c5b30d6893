/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME…]` runs some; `--render` only rebuilds BENCHMARKS.md. Each writes
 * bench/results/NAME.json, then BENCHMARKS.md is rebuilt from all result files.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCHMARKS, RUN_ORDER } from './benchmarks.js';
import { renderBenchmarksMd } from './lib/benchmarks-md.js';
import { machineInfo } from './lib/machine.js';
import { BENCHMARKS_MD, FAULTS_README, RESULTS_DIR } from './lib/paths.js';
import { killAllTracked, sleep, trackedCount } from './lib/processes.js';
import { overallPass, type Benchmark, type BenchResult } from './lib/result.js';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function writeAtomic(path: string, text: string): Promise<void> {
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, text);
  await rename(partial, path);
}

/** Lets the disk catch up with what the previous benchmark wrote, and the box settle. */
async function settle(): Promise<void> {
  try {
    execFileSync('sync');
  } catch {
    // not available: settle by waiting only
  }
  await sleep(2000);
}

async function runOne(benchmark: Benchmark): Promise<BenchResult> {
  await settle();
  const machine = await machineInfo();
  const date = new Date().toISOString();
  const started = Date.now();
  log(`${benchmark.name}: started (machine ${machine.busyAtStartPct} % busy)`);
  let result: BenchResult;
  try {
    const outcome = await benchmark.run({ log: (message) => log(message) });
    result = { name: benchmark.name, title: benchmark.title, date, machine, durationS: (Date.now() - started) / 1000, pass: overallPass(outcome.figures), ...outcome };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${benchmark.name}: FAILED: ${message}`);
    result = {
      name: benchmark.name,
      title: benchmark.title,
      date,
      machine,
      durationS: (Date.now() - started) / 1000,
      pass: false,
      figures: [{ label: 'Benchmark run', value: `error: ${message.split('\n')[0]}`, goal: 'completes', pass: false }],
      method: [],
      notes: [],
      data: { error: message },
    };
  }
  if (trackedCount() > 0) {
    log(`${benchmark.name}: ${trackedCount()} child process(es) still running; killing them`);
    killAllTracked();
  }
  await writeAtomic(join(RESULTS_DIR, `${benchmark.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  log(`${benchmark.name}: ${result.pass === null ? 'done' : result.pass ? 'PASS' : 'FAIL'} in ${Math.round(result.durationS)} s`);
  return result;
}

async function latestResults(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const benchmark of BENCHMARKS) {
    try {
      results.push(JSON.parse(await readFile(join(RESULTS_DIR, `${benchmark.name}.json`), 'utf8')) as BenchResult);
    } catch {
      // never run yet
    }
  }
  return results;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  // `--render` rebuilds BENCHMARKS.md from the stored results (and the fault suite's figures) without running anything.
  const renderOnly = args.includes('--render');
  const names = args.filter((arg) => arg !== '--render');
  const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\navailable: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  const order = (b: Benchmark) => RUN_ORDER.indexOf(b.name);
  const selected = (names.length === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => names.includes(b.name))).sort((a, b) => order(a) - order(b));
  await mkdir(RESULTS_DIR, { recursive: true });
  const outcomes: BenchResult[] = [];
  if (!renderOnly) for (const benchmark of selected) outcomes.push(await runOne(benchmark));
  await writeAtomic(BENCHMARKS_MD, renderBenchmarksMd(await latestResults(), await readFile(FAULTS_README, 'utf8').catch(() => undefined)));
  for (const r of outcomes) {
    process.stdout.write(`\n${r.name}: ${r.pass === null ? 'measured' : r.pass ? 'PASS' : 'FAIL'}\n`);
    for (const f of r.figures) process.stdout.write(`  ${f.label}: ${f.value}${f.goal ? ` (goal ${f.goal})` : ''}\n`);
  }
  process.stdout.write(`\nResults in bench/results/, summary in BENCHMARKS.md\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllTracked();
    process.exit(130);
  });
}
process.once('exit', () => killAllTracked());

main().catch((error: unknown) => {
  killAllTracked();
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
