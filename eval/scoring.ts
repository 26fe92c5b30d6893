/** Seconds from the start of a clip, both ends; a labelled stretch where a hazard is truly present. */
export interface Interval {
  start: number;
  end: number;
}

/** What one window said about one hazard, next to what the labels say. */
export interface HazardOutcome {
  hazard: string;
  /** The window overlaps a labelled interval of this hazard. */
  truth: boolean;
  /** An observation said present with confidence at or above the threshold. */
  predicted: boolean;
  /** Why there was no usable answer (scored as "absent", as Vigil would raise no alert): the reply could not be read, or it skipped this hazard. */
  noAnswer: 'unreadable' | 'missing' | null;
}

export interface ConfusionCounts {
  windows: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  noAnswer: number;
}

export interface HazardScore extends ConfusionCounts {
  hazard: string;
  /** Null where undefined: no positive predictions (precision), no positive windows (recall). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/**
 * Whether the window [start, end) shares any time with a labelled interval. A label that only touches the
 * window's start (ends exactly where the window begins) does not count; one that begins at the window's start does.
 */
export function overlapsAny(window: Interval, labels: readonly Interval[]): boolean {
  return labels.some((label) => label.start < window.end && label.end > window.start);
}

/** The observation of a hazard counts as a "present" prediction at this confidence threshold. */
export function isPredictedPresent(observation: { present: boolean; confidence: number } | undefined, threshold: number): boolean {
  return observation !== undefined && observation.present && observation.confidence >= threshold;
}

export const emptyCounts = (): ConfusionCounts => ({ windows: 0, tp: 0, fp: 0, fn: 0, tn: 0, noAnswer: 0 });

export function addOutcome(counts: ConfusionCounts, outcome: Pick<HazardOutcome, 'truth' | 'predicted' | 'noAnswer'>): ConfusionCounts {
  const next = { ...counts, windows: counts.windows + 1, noAnswer: counts.noAnswer + (outcome.noAnswer ? 1 : 0) };
  if (outcome.truth && outcome.predicted) next.tp += 1;
  else if (outcome.truth) next.fn += 1;
  else if (outcome.predicted) next.fp += 1;
  else next.tn += 1;
  return next;
}

export function scoreCounts(hazard: string, counts: ConfusionCounts): HazardScore {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { hazard, ...counts, precision, recall, f1 };
}

/**
 * One score per hazard, in the order hazards first appear, plus an "all" row pooling every hazard's windows
 * (micro average) when there is more than one hazard.
 */
export function scoreOutcomes(outcomes: readonly HazardOutcome[]): { hazards: HazardScore[]; all: HazardScore | null } {
  const byHazard = new Map<string, ConfusionCounts>();
  let pooled = emptyCounts();
  for (const outcome of outcomes) {
    byHazard.set(outcome.hazard, addOutcome(byHazard.get(outcome.hazard) ?? emptyCounts(), outcome));
    pooled = addOutcome(pooled, outcome);
  }
  const hazards = [...byHazard].map(([hazard, counts]) => scoreCounts(hazard, counts));
  return { hazards, all: hazards.length > 1 ? scoreCounts('all', pooled) : null };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
