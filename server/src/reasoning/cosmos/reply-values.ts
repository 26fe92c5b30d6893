import { z } from 'zod';
import type { Box } from '../../domain/index.js';

/** Lenient readers for the values models write in their answers. Each returns undefined when it cannot read. */

const YES = new Set(['yes', 'y', 'true', 'present', 'detected', 'hazardous', 'unsafe']);
const NO = new Set(['no', 'n', 'false', 'absent', 'not present', 'not detected', 'none', 'safe']);

export function readPresent(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const word = value.trim().toLowerCase().replace(/[.!]+$/, '');
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}

const CONFIDENCE_WORDS: Record<string, number> = { 'very high': 0.95, high: 0.9, medium: 0.6, moderate: 0.6, low: 0.3, 'very low': 0.1 };

/** 0–1 as is; above 1 up to 100 read as percent; "85%", "0.85" and high/medium/low words too. */
export function readConfidence(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text in CONFIDENCE_WORDS) return CONFIDENCE_WORDS[text];
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (percent) return fromPercent(Number(percent[1]));
    if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
    value = Number(text);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return value <= 1 ? value : fromPercent(value);
}

const fromPercent = (value: number): number | undefined => (value <= 100 ? value / 100 : undefined);

/**
 * Seconds from the window's start: 2.5, "2.5", "2.5s", "<2.5 seconds>", "mm:ss.ff", "hh:mm:ss". null and
 * "null"/"none"/"" are null (no time); undefined when unreadable.
 */
export function readSeconds(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase().replace(/^<|>$/g, '').trim();
  if (text === '' || text === 'null' || text === 'none' || text === 'n/a') return null;
  const plain = /^(\d+(?:\.\d+)?)\s*(?:s|sec|secs|second|seconds)?$/.exec(text);
  if (plain) return Number(plain[1]);
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  return undefined;
}

/** NVIDIA's worker-safety recipe writes "[Start - End]" (or null); also takes [start, end] lists. */
export function readSegment(value: unknown): { start: number | null; end: number | null } | undefined {
  if (value === null) return { start: null, end: null };
  if (Array.isArray(value) && value.length === 2) return pairOf(readSeconds(value[0]), readSeconds(value[1]));
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (readSeconds(text) === null) return { start: null, end: null };
  const match = /^\[?\s*(.+?)\s*(?:-|–|to)\s*(.+?)\s*\]?$/i.exec(text);
  if (!match) return undefined;
  return pairOf(readSeconds(match[1]), readSeconds(match[2]));
}

function pairOf(start: number | null | undefined, end: number | null | undefined) {
  return start === undefined || end === undefined ? undefined : { start, end };
}

const BOX_KEYS = ['bbox_2d', 'box_2d', 'bbox', 'box'] as const;
const LABEL_KEYS = ['label', 'name', 'class', 'description'] as const;

/** A box from {"bbox_2d"|"box_2d"|"bbox"|"box": [x1,y1,x2,y2], "label"} or a bare [x1,y1,x2,y2]; clamped to 0–1000. */
export function readBox(value: unknown, fallbackLabel: string): Box | undefined {
  let coords: unknown = value;
  let label = fallbackLabel;
  if (isRecord(value)) {
    coords = BOX_KEYS.map((key) => value[key]).find((v) => v !== undefined);
    const named = LABEL_KEYS.map((key) => value[key]).find((v) => typeof v === 'string' && v.trim());
    if (typeof named === 'string') label = named.trim();
  }
  if (!Array.isArray(coords) || coords.length !== 4) return undefined;
  const numbers = coords.map((c) => (typeof c === 'string' && c.trim() !== '' ? Number(c) : c));
  if (!numbers.every((n): n is number => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [a, b, c, d] = numbers.map(clamp1000) as [number, number, number, number];
  const box = { x1: Math.min(a, c), y1: Math.min(b, d), x2: Math.max(a, c), y2: Math.max(b, d), label };
  return box.x2 > box.x1 && box.y2 > box.y1 ? box : undefined;
}

/** A list of boxes, one box object, or one bare [x1,y1,x2,y2]. Unreadable and empty boxes are counted, not kept. */
export function readBoxes(value: unknown, fallbackLabel: string): { boxes: Box[]; dropped: number } {
  if (value === undefined || value === null) return { boxes: [], dropped: 0 };
  const list = isBareBox(value) || isRecord(value) ? [value] : Array.isArray(value) ? value : [value];
  const boxes: Box[] = [];
  for (const item of list) {
    const box = readBox(item, fallbackLabel);
    if (box) boxes.push(box);
  }
  return { boxes, dropped: list.length - boxes.length };
}

const isBareBox = (value: unknown): boolean => Array.isArray(value) && value.length === 4 && value.every((v) => !Array.isArray(v) && !isRecord(v));

const clamp1000 = (n: number): number => Math.min(1000, Math.max(0, n));

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** zod fields built on the readers above, so a bad value becomes an issue naming it. */
const readerField = <T>(read: (value: unknown) => T | undefined, what: string) =>
  z.unknown().transform((value, ctx) => {
    const result = read(value);
    if (result === undefined) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value) ?? String(value)} is not ${what}` });
      return z.NEVER;
    }
    return result;
  });

export const presentField = readerField(readPresent, 'yes or no');
export const confidenceField = readerField(readConfidence, 'a confidence (0–1 or percent)');
export const secondsField = readerField(readSeconds, 'a time in seconds, mm:ss.ff or hh:mm:ss');
export const segmentField = readerField(readSegment, 'a time span like "[2.0 - 4.5]"');
