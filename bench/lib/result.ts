import type { MachineInfo } from './machine.js';

/** One line of a benchmark's table: a measured figure against its goal. */
export interface BenchFigure {
  label: string;
  value: string;
  goal: string;
  /** null: informational, no goal. */
  pass: boolean | null;
}

/** What a benchmark measured; the runner adds name, date and machine. */
export interface BenchOutcome {
  figures: BenchFigure[];
  /** How it was measured, one sentence each. */
  method: string[];
  /** What limits the figures, caveats. */
  notes: string[];
  /** Raw per-run figures, for the JSON file. */
  data: Record<string, unknown>;
}

export interface BenchResult extends BenchOutcome {
  name: string;
  title: string;
  date: string;
  durationS: number;
  machine: MachineInfo;
  /** true when every figure with a goal passed; null when none has a goal. */
  pass: boolean | null;
}

export interface BenchContext {
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  title: string;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export function overallPass(figures: readonly BenchFigure[]): boolean | null {
  const judged = figures.filter((f) => f.pass !== null);
  return judged.length === 0 ? null : judged.every((f) => f.pass === true);
}
