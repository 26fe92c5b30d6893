import { z } from 'zod';
import type { Box } from '../../domain/index.js';
import { findJsonValues, splitThinking } from './reply-text.js';
import { confidenceField, isRecord, presentField, readBoxes, readSeconds, readSegment, secondsField, segmentField } from './reply-values.js';

/** What the model said about one asked hazard. */
export interface HazardVerdict {
  hazard: string;
  present: boolean;
  /** How sure the model is of this verdict, 0–1. */
  confidence: number;
  /** Empty when the hazard is absent. */
  boxes: Box[];
  /** Seconds from the window's start; null when absent or not said. */
  span: { start: number; end: number } | null;
  reason: string;
}

export type ParsedReply =
  | {
      ok: true;
      verdicts: HazardVerdict[];
      thinking: string | null;
      /** Asked hazards with no usable verdict. */
      missing: string[];
      /** Hazard ids in the answer that were not asked. */
      ignored: string[];
      /** What was mended or dropped along the way, in words. */
      problems: string[];
    }
  | { ok: false; error: string; thinking: string | null };

/**
 * The confidence given to a verdict that states none (the worker-safety recipe's format has no field for it,
 * and models sometimes leave it out). A plain yes is a committed answer, so it clears the usual rule
 * threshold of 0.5–0.6; a rule that demands more (0.8) needs the model to say so.
 */
export const UNSTATED_CONFIDENCE = 0.7;
const MAX_REASON_CHARS = 500;

const replyInput = z.object({ content: z.string(), reasoning: z.string().nullable() });

const PRESENT_KEYS = ['present', 'is_present', 'detected', 'hazard_present', 'is_hazardous', 'answer'];
const HAZARD_KEYS = ['hazard', 'hazard_id', 'hazardId', 'id'];
const LIST_KEYS = ['hazards', 'answers', 'results', 'verdicts', 'items'];

const entrySchema = z.object({
  present: presentField,
  confidence: confidenceField.optional(),
  boxes: z.unknown().optional(),
  start: secondsField.optional(),
  end: secondsField.optional(),
  segment: segmentField.optional(),
  reason: z.unknown().optional(),
  label: z.string().optional(),
});

const verdictSchema = z.strictObject({
  hazard: z.string().min(1),
  present: z.boolean(),
  confidence: z.number().min(0).max(1),
  boxes: z.array(
    z.strictObject({ x1: z.number().min(0).max(1000), y1: z.number().min(0).max(1000), x2: z.number().min(0).max(1000), y2: z.number().min(0).max(1000), label: z.string() }),
  ),
  span: z.strictObject({ start: z.number().min(0), end: z.number().min(0) }).nullable(),
  reason: z.string(),
});

/** One answer object before it is read, with the hazard id it claims (if any). */
interface RawEntry {
  hazard: string | undefined;
  body: Record<string, unknown>;
}

/** Reads a Cosmos Reason 2 reply into one verdict per asked hazard. Never throws. */
export function parseReply(reply: { content: string; reasoning: string | null }, asked: readonly string[]): ParsedReply {
  let thinking: string | null = null;
  try {
    const input = replyInput.safeParse(reply);
    if (!input.success) return { ok: false, error: 'the reply has no text content', thinking: null };
    const split = splitThinking(input.data.content, input.data.reasoning);
    thinking = split.thinking;
    if (!split.answer) {
      const error = split.cutOffInThinking
        ? 'the reply was cut off while still thinking (no answer after <think>)'
        : (input.data.content.trim() || thinking) ? 'the reply has no answer after its reasoning' : 'the reply is empty';
      return { ok: false, error, thinking };
    }
    return readAnswer(split.answer, asked, thinking);
  } catch (err) {
    return { ok: false, error: `the reply could not be read: ${(err as Error).message}`, thinking };
  }
}

function readAnswer(answer: string, asked: readonly string[], thinking: string | null): ParsedReply {
  const scan = findJsonValues(answer);
  const problems: string[] = [];
  const entries = scan.values.flatMap((value) => entriesOf(value, asked, problems));
  if (entries.length === 0) {
    const bare = bareYesNo(answer, asked);
    if (bare) entries.push(bare);
  }
  if (entries.length === 0) return { ok: false, error: noAnswerError(answer, scan, problems), thinking };
  if (scan.cutOff) problems.push('the JSON answer is cut off; only its complete objects were read');

  const verdicts: HazardVerdict[] = [];
  const ignored: string[] = [];
  const answered = new Set<string>();
  for (const entry of entries) {
    const hazard = entry.hazard === undefined ? undefined : resolveHazard(entry.hazard, asked);
    if (hazard === undefined) {
      if (entry.hazard === undefined) problems.push('an answer names no hazard');
      else if (!ignored.includes(entry.hazard)) ignored.push(entry.hazard);
      continue;
    }
    if (answered.has(hazard)) {
      problems.push(`hazard ${hazard} is answered more than once; the first answer is kept`);
      continue;
    }
    const verdict = readVerdict(hazard, entry.body, problems);
    if (verdict) {
      answered.add(hazard);
      verdicts.push(verdict);
    }
  }
  if (verdicts.length === 0) {
    const why = [...problems, ...(ignored.length > 0 ? [`it answers only hazards not asked: ${ignored.join(', ')}`] : [])];
    return { ok: false, error: `no usable verdict for any asked hazard: ${why.join('; ')}`, thinking };
  }
  const missing = asked.filter((hazard) => !answered.has(hazard));
  return { ok: true, verdicts, thinking, missing, ignored, problems };
}

/** The answer objects a JSON value holds, in the shapes models write. */
function entriesOf(value: unknown, asked: readonly string[], problems: string[]): RawEntry[] {
  if (Array.isArray(value)) {
    const records = value.filter(isRecord);
    const entries = records.flatMap((record) => entriesOf(record, asked, problems));
    // A list in the asked order with no ids: take the order as the ids.
    if (entries.length === asked.length && entries.every((entry) => entry.hazard === undefined) && records.length === asked.length) {
      return entries.map((entry, i) => ({ ...entry, hazard: asked[i] }));
    }
    return entries;
  }
  if (!isRecord(value)) return [];
  if (isRecord(value.hazard_detection)) return [recipeEntry(value, value.hazard_detection, asked, problems)];
  const listKey = LIST_KEYS.find((key) => Array.isArray(value[key]));
  if (listKey) return entriesOf(value[listKey], asked, problems);
  const idKey = HAZARD_KEYS.find((key) => typeof value[key] === 'string');
  if (idKey || PRESENT_KEYS.some((key) => key in value)) {
    const hazard = idKey ? (value[idKey] as string) : asked.length === 1 ? asked[0] : undefined;
    return [{ hazard, body: value }];
  }
  return keyedByHazard(value);
}

/** {"no_hard_hat": {...}, "spill": false}: an object keyed by hazard id. */
function keyedByHazard(value: Record<string, unknown>): RawEntry[] {
  const entries: RawEntry[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (isRecord(item)) entries.push({ hazard: key, body: item });
    else if (typeof item === 'boolean' || typeof item === 'string') entries.push({ hazard: key, body: { present: item } });
  }
  return entries;
}

/** NVIDIA's worker-safety recipe answer: one classification, mapped onto the one hazard asked. */
function recipeEntry(value: Record<string, unknown>, detection: Record<string, unknown>, asked: readonly string[], problems: string[]): RawEntry {
  if (asked.length !== 1) problems.push(`a worker-safety recipe answer cannot say which of ${asked.length} hazards it means`);
  const label = typeof value.prediction_label === 'string' ? value.prediction_label : undefined;
  return {
    hazard: asked.length === 1 ? asked[0] : undefined,
    body: {
      present: detection.is_hazardous,
      segment: detection.temporal_segment ?? null,
      reason: value.video_description ?? label,
      ...(label ? { label } : {}),
    },
  };
}

function readVerdict(hazard: string, body: Record<string, unknown>, problems: string[]): HazardVerdict | undefined {
  const canonical: Record<string, unknown> = {
    present: pick(body, PRESENT_KEYS),
    confidence: pick(body, ['confidence', 'score', 'probability']) ?? undefined,
    boxes: pick(body, ['boxes', 'bboxes', 'bbox_2d', 'box_2d', 'bbox', 'box']),
    start: pick(body, ['start', 'start_time', 'from', 'begin']),
    end: pick(body, ['end', 'end_time', 'to', 'until']),
    segment: pick(body, ['segment', 'temporal_segment', 'span', 'time_range']),
    reason: pick(body, ['reason', 'reasoning', 'explanation', 'rationale', 'description', 'caption']),
    label: typeof body.label === 'string' ? body.label : undefined,
  };
  for (const key of ['start', 'end', 'segment'] as const) {
    if (canonical[key] !== undefined && (key === 'segment' ? readSegment : readSeconds)(canonical[key]) === undefined) {
      problems.push(`hazard ${hazard}: ${key} ${JSON.stringify(canonical[key])} is not a time; it is left out`);
      canonical[key] = null;
    }
  }
  const parsed = entrySchema.safeParse(canonical);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`);
    problems.push(`hazard ${hazard}: ${issues.join('; ')}`);
    return undefined;
  }
  const entry = parsed.data;
  const { boxes, dropped } = readBoxes(entry.boxes, entry.label ?? hazard);
  if (dropped > 0) problems.push(`hazard ${hazard}: ${dropped} unreadable or empty box(es) dropped`);
  const verdict: HazardVerdict = {
    hazard,
    present: entry.present,
    confidence: entry.confidence ?? UNSTATED_CONFIDENCE,
    boxes: entry.present ? boxes : [],
    span: entry.present ? spanOf(entry.segment?.start ?? entry.start ?? null, entry.segment?.end ?? entry.end ?? null) : null,
    reason: typeof entry.reason === 'string' ? entry.reason.trim().slice(0, MAX_REASON_CHARS) : '',
  };
  return verdictSchema.parse(verdict);
}

const pick = (body: Record<string, unknown>, keys: readonly string[]): unknown =>
  keys.map((key) => body[key]).find((value) => value !== undefined);

/** Only one end known: the hazard was seen at that moment. Reversed ends are swapped. */
function spanOf(start: number | null, end: number | null): HazardVerdict['span'] {
  if (start === null && end === null) return null;
  const a = start ?? end!;
  const b = end ?? start!;
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/** "No hard hat", "no-hard-hat" and "NO_HARD_HAT" all name the asked id no_hard_hat. */
function resolveHazard(named: string, asked: readonly string[]): string | undefined {
  if (asked.includes(named)) return named;
  const key = normalise(named);
  return asked.find((hazard) => normalise(hazard) === key);
}

const normalise = (id: string): string => id.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** A whole answer of just "Yes." or "No" to a single question. */
function bareYesNo(answer: string, asked: readonly string[]): RawEntry | undefined {
  if (asked.length !== 1) return undefined;
  const word = answer.trim().toLowerCase().replace(/[.!]+$/, '');
  return word === 'yes' || word === 'no' ? { hazard: asked[0], body: { present: word } } : undefined;
}

function noAnswerError(answer: string, scan: ReturnType<typeof findJsonValues>, problems: string[]): string {
  const start = JSON.stringify(answer.length > 80 ? `${answer.slice(0, 80)}…` : answer);
  if (problems.length > 0) return `the answer cannot be read: ${problems.join('; ')}`;
  if (scan.cutOff) return `the JSON answer is cut off before it ends (the reply may have hit its token limit): ${start}`;
  if (scan.values.length > 0) return `the JSON answer has no hazard verdicts in a known shape: ${start}`;
  if (scan.unreadable) return `the JSON answer cannot be read (${scan.unreadable}): ${start}`;
  return `the answer holds no JSON: ${start}`;
}
