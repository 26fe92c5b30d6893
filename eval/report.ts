import type { WindowResult } from './run-eval.js';
import { scoreOutcomes, type HazardScore } from './scoring.js';

export interface RunSummary {
  windows: number;
  /** Calls that came back with a reply, readable or not. */
  answered: number;
  unreadable: number;
  failed: number;
  /** Over answered calls; null when none was. */
  meanLatencyMs: number | null;
  meanVisionTokens: number | null;
  hazards: HazardScore[];
  /** Every hazard's windows pooled; null with a single hazard. */
  all: HazardScore | null;
}

export function summarize(results: readonly WindowResult[]): RunSummary {
  const answered = results.filter((r) => r.outcome !== 'failed');
  const { hazards, all } = scoreOutcomes(results.flatMap((r) => r.hazards));
  return {
    windows: results.length,
    answered: answered.length,
    unreadable: results.filter((r) => r.outcome === 'unreadable').length,
    failed: results.length - answered.length,
    meanLatencyMs: mean(answered.map((r) => r.latencyMs)),
    meanVisionTokens: mean(answered.map((r) => r.visionTokens)),
    hazards,
    all,
  };
}

const COLUMNS = ['hazard', 'windows', 'TP', 'FP', 'FN', 'TN', 'precision', 'recall', 'F1', 'no answer'] as const;

/** The per-hazard table and the run's totals, as printed at the end of a run. */
export function formatSummary(summary: RunSummary): string {
  const rows = [...summary.hazards, ...(summary.all ? [summary.all] : [])].map((score) => [
    score.hazard,
    String(score.windows),
    String(score.tp),
    String(score.fp),
    String(score.fn),
    String(score.tn),
    fixed(score.precision),
    fixed(score.recall),
    fixed(score.f1),
    String(score.noAnswer),
  ]);
  const table = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const lines = table.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd());
  const totals = [
    `windows: ${summary.windows}`,
    `unreadable replies: ${summary.unreadable} of ${summary.answered}`,
    `failed calls: ${summary.failed}`,
    `mean model latency: ${summary.meanLatencyMs === null ? 'n/a' : `${Math.round(summary.meanLatencyMs)} ms`}`,
    `vision tokens per window: ${summary.meanVisionTokens === null ? 'n/a' : Math.round(summary.meanVisionTokens)}`,
  ];
  const notes = [
    '"no answer": windows whose reply was unreadable or said nothing about the hazard; they count as "absent".',
    ...(summary.failed > 0 ? [`${summary.failed} window(s) got no reply at all and are left out of the scores.`] : []),
  ];
  return [lines[0]!, lines[0]!.replace(/./g, '-'), ...lines.slice(1), '', totals.join('  |  '), ...notes].join('\n');
}

/** One line per window while the run goes, so a long run shows progress. */
export function formatProgress(result: WindowResult): string {
  const where = `${result.clip} ${result.start.toFixed(1)}–${result.end.toFixed(1)} s`;
  if (result.outcome === 'failed') return `${where}: call failed: ${result.error}`;
  const verdicts = result.hazards.map((h) => `${h.hazard} ${h.predicted ? 'yes' : 'no'}${h.truth === h.predicted ? '' : ' ✗'}`).join(', ');
  const unreadable = result.outcome === 'unreadable' ? ` (unreadable reply: ${result.error})` : '';
  return `${where}: ${verdicts}${unreadable} [${result.latencyMs} ms]`;
}

function fixed(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((sum, v) => sum + v, 0) / known.length;
}
