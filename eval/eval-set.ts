import { z } from 'zod';
import { formatSourceError, parseYamlSource, zodSourceErrors, type SourceError } from '../server/src/config/yaml-source.js';
import type { HazardQuestion } from '../server/src/reasoning/cosmos/index.js';

const HAZARD_ID = /^[a-z0-9_-]+$/;
const seconds = z.number().min(0);

const intervalSchema = z
  .strictObject({ start: seconds, end: seconds })
  .refine((interval) => interval.end > interval.start, { error: 'end must be after start', path: ['end'] });

const hazardSchema = z.strictObject({
  id: z.string().regex(HAZARD_ID, { error: 'expected a hazard name of a-z, 0-9, "_" and "-"' }),
  ask: z.string().trim().min(1),
  zone: z.strictObject({ name: z.string().trim().min(1) }).optional(),
});

const clipSchema = z
  .strictObject({
    /** Relative to the set's folder; anything ffmpeg can read. */
    file: z.string().min(1).refine((file) => !file.startsWith('/'), { error: 'must be a path relative to the set folder' }),
    camera: z.strictObject({ name: z.string().trim().min(1) }),
    hazards: z.array(hazardSchema).min(1, { error: 'a clip needs at least one hazard to ask about' }),
    /** Where each hazard is truly present; a hazard without labels is absent throughout. */
    labels: z.record(z.string(), z.array(intervalSchema)).default({}),
  })
  .superRefine((clip, ctx) => {
    const ids = new Set<string>();
    clip.hazards.forEach((hazard, index) => {
      if (ids.has(hazard.id)) ctx.addIssue({ code: 'custom', path: ['hazards', index, 'id'], message: `hazard "${hazard.id}" is listed twice` });
      ids.add(hazard.id);
    });
    for (const [hazard, intervals] of Object.entries(clip.labels)) {
      if (!ids.has(hazard)) ctx.addIssue({ code: 'custom', path: ['labels', hazard], message: `labels for "${hazard}", which the clip's hazards do not ask about` });
      intervals.forEach((interval, index) => {
        const earlier = intervals.slice(0, index).find((other) => other.start < interval.end && other.end > interval.start);
        if (earlier) ctx.addIssue({ code: 'custom', path: ['labels', hazard, index], message: `interval ${interval.start}–${interval.end} s overlaps ${earlier.start}–${earlier.end} s` });
      });
    }
  });

export const evalSetSchema = z
  .strictObject({
    name: z.string().trim().min(1).optional(),
    description: z.string().optional(),
    clips: z.array(clipSchema).min(1, { error: 'a set needs at least one clip' }),
  })
  .superRefine((set, ctx) => {
    const files = new Set<string>();
    set.clips.forEach((clip, index) => {
      if (files.has(clip.file)) ctx.addIssue({ code: 'custom', path: ['clips', index, 'file'], message: `clip "${clip.file}" is listed twice` });
      files.add(clip.file);
    });
  });

export type EvalSet = z.output<typeof evalSetSchema>;
export type EvalClip = EvalSet['clips'][number];

export type EvalSetParseResult = { ok: true; set: EvalSet } | { ok: false; errors: SourceError[] };

/** Parses set.yaml text; every error names file:line:column. Pure. */
export function parseEvalSet(file: string, text: string): EvalSetParseResult {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length > 0) return { ok: false, errors: source.syntaxErrors };
  if (source.value === null || typeof source.value !== 'object' || Array.isArray(source.value)) {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: 'set.yaml must be a mapping with a "clips" list' }] };
  }
  const parsed = evalSetSchema.safeParse(source.value);
  if (!parsed.success) return { ok: false, errors: zodSourceErrors(source, parsed.error) };
  return { ok: true, set: parsed.data };
}

export const formatEvalSetErrors = (errors: readonly SourceError[]): string => errors.map(formatSourceError).join('\n');

/** The questions for one clip, in the form the window analyzer asks them. */
export function clipQuestions(clip: EvalClip): HazardQuestion[] {
  return clip.hazards.map((hazard) => ({
    hazard: hazard.id,
    ask: hazard.ask,
    zones: hazard.zone ? [{ id: slug(hazard.zone.name), name: hazard.zone.name }] : [],
  }));
}

/** A camera id for a clip, from its file name: "clips/Dock 1.mp4" → "dock-1". */
export function clipCameraId(clip: Pick<EvalClip, 'file'>): string {
  const base = clip.file.split(/[\\/]/).at(-1)!.replace(/\.[^.]*$/, '');
  return slug(base) || 'clip';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}
